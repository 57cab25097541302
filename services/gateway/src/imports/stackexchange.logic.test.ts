import { describe, expect, it } from 'vitest';
import {
  dumpDate,
  fitTitle,
  normalizeTags,
  readPostRow,
  splitTags,
} from './stackexchange.logic.js';

describe('normalizeTags', () => {
  it('rewrites tags to the tag rules, each once, at most ten', () => {
    expect(normalizeTags(['C#', '.NET', 'node.js', 'c++', 'Node.JS', '--x--'])).toEqual([
      'c-sharp',
      'dotnet',
      'node-js',
      'cpp',
      'x',
    ]);
    expect(normalizeTags(Array.from({ length: 12 }, (_, i) => `t${i}`))).toHaveLength(10);
    expect(normalizeTags(['a'.repeat(40)])).toEqual(['a'.repeat(32)]);
  });
});

describe('splitTags', () => {
  it('reads both dump formats', () => {
    expect(splitTags('<git><helm>')).toEqual(['git', 'helm']);
    expect(splitTags('|git|helm|')).toEqual(['git', 'helm']);
    expect(splitTags(undefined)).toEqual([]);
  });
});

describe('readPostRow', () => {
  it('reads questions and answers, skips other post types and reports broken rows', () => {
    expect(
      readPostRow({
        Id: '1',
        PostTypeId: '1',
        Title: 'T',
        Body: 'b',
        CreationDate: '2020-01-02T03:04:05.678',
        Score: '-3',
      }),
    ).toMatchObject({ type: 'question', score: 0, createdAt: '2020-01-02T03:04:05.678Z' });
    expect(
      readPostRow({ Id: '2', PostTypeId: '2', ParentId: '1', CreationDate: '2020-01-02' }),
    ).toMatchObject({
      type: 'answer',
      parentId: '1',
    });
    expect(readPostRow({ Id: '3', PostTypeId: '5', CreationDate: '2020-01-02' })).toBeNull();
    expect(readPostRow({ Id: '4', PostTypeId: '2', CreationDate: '2020-01-02' })).toContain(
      'ParentId',
    );
    expect(readPostRow({ Id: '5', PostTypeId: '1', Title: 'T' })).toContain('CreationDate');
  });
});

describe('dumpDate and fitTitle', () => {
  it('reads zone-less dump dates as UTC and shortens long titles at a word', () => {
    expect(dumpDate('2019-03-04T05:06:07')).toBe('2019-03-04T05:06:07.000Z');
    expect(dumpDate('nonsense')).toBeNull();
    const title = fitTitle(`${'word '.repeat(60)}end`);
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title.endsWith('word…')).toBe(true);
  });
});
