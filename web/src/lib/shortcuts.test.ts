import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const key = (k: string) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false });

describe('shortcutFor', () => {
  it('maps single keys and g-sequences', () => {
    expect(shortcutFor(key('/'), null, false)).toBe('search');
    expect(shortcutFor(key('n'), null, false)).toBe('new-post');
    expect(shortcutFor(key('?'), null, false)).toBe('help');
    expect(shortcutFor(key('f'), 'g', false)).toBe('feed');
    expect(shortcutFor(key('n'), 'g', false)).toBe('notifications');
    expect(shortcutFor(key('f'), null, false)).toBeNull();
  });

  it('leaves typing in fields and modifier chords alone', () => {
    expect(shortcutFor(key('n'), null, true)).toBeNull();
    expect(shortcutFor({ ...key('n'), ctrlKey: true }, null, false)).toBeNull();
  });
});
