import { describe, expect, it } from 'vitest';
import { isValidSlug, memberCount, slugify, sortChannels, upsertChannel } from './channels';
import { ids, makeChannel } from './test-fixtures';

describe('isValidSlug', () => {
  it('accepts 2–40 lowercase letters, digits and hyphens starting with a letter or digit', () => {
    for (const slug of ['ab', 'general', 'sql-tips', '2025-offsite', `a${'b'.repeat(39)}`]) {
      expect(isValidSlug(slug), slug).toBe(true);
    }
  });

  it('rejects everything else', () => {
    for (const slug of ['a', '', '-lead', 'Upper', 'under_score', 'sp ace', `a${'b'.repeat(40)}`]) {
      expect(isValidSlug(slug), slug).toBe(false);
    }
  });
});

describe('slugify', () => {
  it('suggests a valid slug from a name', () => {
    expect(slugify('Data & SQL tips')).toBe('data-sql-tips');
    expect(slugify('  Café Crème! ')).toBe('cafe-creme');
    expect(slugify('---')).toBe('');
  });

  it('keeps within 40 characters without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(39)} b`);
    expect(slug).toBe('a'.repeat(39));
    expect(isValidSlug(slugify('x'.repeat(60)))).toBe(true);
  });
});

describe('sortChannels and upsertChannel', () => {
  it('order channels by name, case-insensitively', () => {
    const list = [makeChannel('b', { name: 'beta' }), makeChannel('a', { name: 'Alpha' })];
    expect(ids(sortChannels(list))).toEqual(['a', 'b']);
  });

  it('replace a listed channel or add a new one in order', () => {
    const list = [makeChannel('a', { name: 'Alpha' }), makeChannel('c', { name: 'Gamma' })];
    const renamed = upsertChannel(list, makeChannel('c', { name: 'Able' }));
    expect(ids(renamed)).toEqual(['c', 'a']);
    expect(ids(upsertChannel(list, makeChannel('b', { name: 'Beta' })))).toEqual(['a', 'b', 'c']);
  });
});

describe('memberCount', () => {
  it('says member or members', () => {
    expect(memberCount(1)).toBe('1 member');
    expect(memberCount(1200)).toBe('1,200 members');
  });
});
