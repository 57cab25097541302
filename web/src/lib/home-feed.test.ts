import { describe, expect, it } from 'vitest';
import { composerChannels, homeLiveChannels } from './home-feed';

const channel = (id: string, isMember: boolean, slug = id) => ({ id, slug, isMember });

describe('homeLiveChannels', () => {
  it('follows joined channels first, then the others, up to the budget', () => {
    const channels = [
      channel('a', false),
      channel('b', true),
      channel('c', false),
      channel('d', true),
    ];
    expect(homeLiveChannels(channels, 3)).toEqual(['b', 'd', 'a']);
  });

  it('follows every channel when they fit', () => {
    expect(homeLiveChannels([channel('a', true), channel('b', false)])).toEqual(['a', 'b']);
  });
});

describe('composerChannels', () => {
  it('offers joined channels only and starts in #general', () => {
    const channels = [
      channel('1', true, 'design'),
      channel('2', false, 'ops'),
      channel('3', true, 'general'),
    ];
    expect(composerChannels(channels)).toEqual({
      choices: [channels[0], channels[2]],
      initial: '3',
    });
  });

  it('starts in the first joined channel without #general, and in none without any', () => {
    expect(composerChannels([channel('1', true, 'design')]).initial).toBe('1');
    expect(composerChannels([channel('1', false, 'general')])).toEqual({
      choices: [],
      initial: null,
    });
  });
});
