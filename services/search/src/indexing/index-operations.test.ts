import { describe, expect, it } from 'vitest';
import { newestOperations, type IndexOperation } from './index-operations.js';

const upsert = (postId: string, version: number): IndexOperation => ({
  kind: 'upsert',
  postId,
  version,
  document: { id: postId, version } as never,
});

describe('newestOperations', () => {
  it('keeps the newest operation per post whatever the arrival order', () => {
    const ops = [
      upsert('a', 3),
      upsert('b', 1),
      upsert('a', 2),
      { kind: 'delete', postId: 'b', version: 2 } as const,
    ];
    expect(newestOperations(ops, new Map()).map((o) => [o.postId, o.kind, o.version])).toEqual([
      ['a', 'upsert', 3],
      ['b', 'delete', 2],
    ]);
  });

  it('drops operations the index already has (redeliveries and stale events)', () => {
    expect(
      newestOperations(
        [upsert('a', 2), upsert('b', 5)],
        new Map([
          ['a', 2],
          ['b', 4],
        ]),
      ).map((o) => o.postId),
    ).toEqual(['b']);
  });
});
