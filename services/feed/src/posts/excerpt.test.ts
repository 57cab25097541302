import { describe, expect, it } from 'vitest';
import { excerptMarkdown, longerThan, openFence, sliceChars } from './excerpt.js';

describe('excerptMarkdown', () => {
  it('keeps at most the budget of characters, counting code points', () => {
    expect(excerptMarkdown('字'.repeat(5_000))).toHaveLength(2_000);
    const emoji = '😀'.repeat(3_000);
    const cut = excerptMarkdown(emoji);
    expect([...cut]).toHaveLength(2_000);
    expect(cut.endsWith('\ud83d')).toBe(false);
  });

  it('ends at a line break close to the cut', () => {
    const text = `${'a'.repeat(1_900)}\n${'b'.repeat(500)}`;
    expect(excerptMarkdown(text)).toBe('a'.repeat(1_900));
    const early = `${'a'.repeat(100)}\n${'b'.repeat(5_000)}`;
    expect(excerptMarkdown(early)).toHaveLength(2_000);
  });

  it('closes a code fence the cut left open, within the budget', () => {
    const text = `Intro\n\n\`\`\`ts\n${'const x = 1;\n'.repeat(400)}`;
    const cut = excerptMarkdown(text);
    expect([...cut].length).toBeLessThanOrEqual(2_000);
    expect(openFence(cut)).toBeUndefined();
    expect(cut.endsWith('\n```')).toBe(true);
    const tildes = `~~~~\n${'x'.repeat(3_000)}`;
    const closed = excerptMarkdown(tildes);
    expect(closed.endsWith('\n~~~~')).toBe(true);
    expect(closed.length).toBeLessThanOrEqual(2_000);
  });

  it('leaves closed fences alone', () => {
    const text = `\`\`\`\ncode\n\`\`\`\n${'z'.repeat(3_000)}`;
    expect(openFence(excerptMarkdown(text))).toBeUndefined();
    expect(excerptMarkdown(text).endsWith('z')).toBe(true);
  });
});

describe('openFence', () => {
  it('needs the same marker, at least as long, to close', () => {
    expect(openFence('````\na\n```')).toBe('````');
    expect(openFence('```\na\n~~~')).toBe('```');
    expect(openFence('```\na\n````')).toBeUndefined();
    expect(openFence('    ```\nindented code, not a fence')).toBeUndefined();
  });
});

describe('sliceChars and longerThan', () => {
  it('count code points, not UTF-16 units', () => {
    expect(sliceChars('😀😀😀', 2)).toBe('😀😀');
    expect(longerThan('😀😀', 2)).toBe(false);
    expect(longerThan('😀😀😀', 2)).toBe(true);
    expect(longerThan('abc', 5)).toBe(false);
  });
});
