import { describe, expect, it } from 'vitest';
import { mergeTopics } from './topics.js';

describe('mergeTopics', () => {
  it('puts profile skills first, then expertise tags, each once', () => {
    expect(mergeTopics(['sql', 'Docker '], ['docker', 'kubernetes', 'sql'])).toEqual([
      'sql',
      'docker',
      'kubernetes',
    ]);
  });

  it('stops at the maximum', () => {
    expect(mergeTopics(['a1', 'a2'], ['b1', 'b2'], 3)).toEqual(['a1', 'a2', 'b1']);
  });

  it('leaves out skills that could never be a post tag', () => {
    expect(mergeTopics(['c++', 'node js', 'typescript'], [])).toEqual(['typescript']);
  });

  it('is empty for someone with no skills and no contributions', () => {
    expect(mergeTopics([], [])).toEqual([]);
  });
});
