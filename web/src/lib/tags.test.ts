import { describe, expect, it } from 'vitest';
import { parseTags } from './tags';

describe('parseTags', () => {
  it('returns no tags and no error for an empty field', () => {
    expect(parseTags('')).toEqual({ tags: [], error: null });
    expect(parseTags('  , ,  ')).toEqual({ tags: [], error: null });
  });

  it('splits on commas, spaces and mixed separators', () => {
    expect(parseTags('sql, onboarding  git,\tdocker\nci').tags).toEqual([
      'sql',
      'onboarding',
      'git',
      'docker',
      'ci',
    ]);
  });

  it('lowercases tags, drops a leading # and removes duplicates', () => {
    expect(parseTags('#React react REACT sql-tips')).toEqual({
      tags: ['react', 'sql-tips'],
      error: null,
    });
  });

  it('accepts a tag of exactly 32 characters', () => {
    const tag = `a${'b'.repeat(31)}`;
    expect(parseTags(tag)).toEqual({ tags: [tag], error: null });
  });

  it('rejects a tag of 33 characters', () => {
    expect(parseTags(`a${'b'.repeat(32)}`).error).toMatch(/Not a valid tag/);
  });

  it('rejects tags that start with a hyphen or contain other characters', () => {
    const { error } = parseTags('ok -leading c++ under_score');
    expect(error).toContain('"-leading"');
    expect(error).toContain('"c++"');
    expect(error).toContain('"under_score"');
    expect(error).not.toContain('"ok"');
  });

  it('accepts ten tags and rejects eleven', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `t${i}`);
    expect(parseTags(ten.join(' ')).error).toBeNull();
    expect(parseTags([...ten, 'one-more'].join(' ')).error).toBe(
      'Use at most 10 tags (you have 11).',
    );
  });

  it('counts duplicates once towards the limit', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `t${i}`);
    expect(parseTags([...ten, 't0', 'T1'].join(',')).error).toBeNull();
  });
});
