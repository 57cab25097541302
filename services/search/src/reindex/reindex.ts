import type { RpcClient } from '@outloud/bus';
import type { Actor, FeedRpc, Names } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { SearchDB } from '../db.js';
import { loadPersonDocuments, loadPostDocuments } from '../indexing/documents.repository.js';
import {
  ensureIndex,
  PEOPLE_INDEX_SETTINGS,
  POSTS_INDEX_SETTINGS,
} from '../indexing/posts-index.js';
import {
  markDirty,
  markPostDeleted,
  upsertAnswerFacts,
  upsertPeople,
  upsertPostFacts,
} from '../projection/projection.repository.js';

/** The feed's export is for administrators; the rebuild asks as this built-in one. */
export const SYSTEM_ACTOR: Actor = {
  id: '00000000-0000-4000-8000-000000000000',
  handle: 'outloud',
  displayName: 'Outloud',
  roles: ['member', 'admin'],
};

export type ReindexPhase = 'projection' | 'posts' | 'people' | 'swap';

export interface ReindexOptions {
  db: Kysely<SearchDB>;
  meili: Meilisearch;
  names: Names;
  feed: RpcClient<typeof FeedRpc>;
  clock?: () => Date;
  pageSize?: number;
  onProgress?: (phase: ReindexPhase, done: number, total: number | undefined) => void;
}

/**
 * Rebuilds the projection and both indexes from the feed, without downtime:
 *
 * 1. The projection is refreshed from the feed's export, a page per transaction, updating rows
 *    in place (live events that land meanwhile win by their newer versions).
 * 2. New indexes are built beside the live ones from the projection, then swapped in atomically.
 * 3. Posts the live consumer changed while the new indexes were built are marked again, so the
 *    index worker brings them up to date in the swapped-in index.
 */
export async function reindex(options: ReindexOptions): Promise<{ posts: number; people: number }> {
  const { db, meili, names } = options;
  const clock = options.clock ?? (() => new Date());
  const pageSize = options.pageSize ?? 500;
  const progress = options.onProgress ?? (() => undefined);

  // One transaction per page: rows are updated in place (never emptied), so readers always see
  // a whole projection, and short transactions keep out of the live consumer's way.
  let posts = 0;
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await options.feed.call('exportPosts', {
      actor: SYSTEM_ACTOR,
      ...(after ? { after } : {}),
      limit: pageSize,
    });
    await retryOnDeadlock(() =>
      db.transaction().execute(async (trx) => {
        const now = clock();
        for (const item of page.items) {
          await upsertPostFacts(trx, item.post, item.visibility, item.version, now, {
            force: true,
          });
          for (const answer of item.answers)
            await upsertAnswerFacts(trx, answer, item.version, { force: true });
          // Answers the feed no longer has were deleted there.
          await trx
            .updateTable('search.answerFacts')
            .set({ deleted: true })
            .where('postId', '=', item.post.id)
            .$if(item.answers.length > 0, (q) =>
              q.where(
                'answerId',
                'not in',
                item.answers.map((a) => a.id),
              ),
            )
            .execute();
        }
        // People last, once per page and in id order: the live consumer also writes a post before
        // its people, so the two never wait on each other in opposite orders.
        const people = new Map(
          page.items
            .flatMap((item) => [item.post.author, ...item.answers.map((a) => a.author)])
            .map((person) => [person.id, person]),
        );
        await upsertPeople(
          trx,
          [...people.values()].sort((a, b) => a.id.localeCompare(b.id)),
        );
      }),
    );
    for (const item of page.items) seen.add(item.post.id);
    posts += page.items.length;
    progress('projection', posts, undefined);
    if (!page.nextAfter) break;
    after = page.nextAfter;
  }
  // Everything the export did not contain is gone from the feed.
  const stale = await db
    .selectFrom('search.postFacts')
    .select(['postId', 'version', 'channelId', 'visibility', 'authorId'])
    .where('deleted', '=', false)
    .execute();
  for (const { version, ...row } of stale) {
    if (!seen.has(row.postId)) await markPostDeleted(db, row, version + 1, clock());
  }

  const buildStarted = await db
    .selectNoFrom(sql<Date>`now()`.as('now'))
    .executeTakeFirstOrThrow()
    .then((r) => r.now);
  const suffix = `rebuild_${Date.now().toString(36)}`;
  const livePosts = names.index('posts');
  const livePeople = names.index('people');
  const newPosts = `${livePosts}_${suffix}`;
  const newPeople = `${livePeople}_${suffix}`;
  await ensureIndex(meili, newPosts, POSTS_INDEX_SETTINGS);
  await ensureIndex(meili, newPeople, PEOPLE_INDEX_SETTINGS);
  await ensureIndex(meili, livePosts, POSTS_INDEX_SETTINGS);
  await ensureIndex(meili, livePeople, PEOPLE_INDEX_SETTINGS);

  const total = posts;
  let written = 0;
  let lastPost: string | undefined;
  for (;;) {
    const ids = await db
      .selectFrom('search.postFacts')
      .select('postId')
      .where('deleted', '=', false)
      .$if(lastPost !== undefined, (q) => q.where('postId', '>', lastPost!))
      .orderBy('postId')
      .limit(1000)
      .execute();
    if (!ids.length) break;
    const { documents } = await loadPostDocuments(
      db,
      ids.map((r) => r.postId),
    );
    if (documents.length)
      await meili
        .index(newPosts)
        .addDocuments(documents, { primaryKey: 'id' })
        .waitTask({ timeout: 120_000 });
    written += ids.length;
    lastPost = ids.at(-1)!.postId;
    progress('posts', written, total);
  }

  const personIds = (await db.selectFrom('search.people').select('id').orderBy('id').execute()).map(
    (r) => r.id,
  );
  for (let i = 0; i < personIds.length; i += 1000) {
    const documents = await loadPersonDocuments(db, personIds.slice(i, i + 1000), clock());
    if (documents.length)
      await meili
        .index(newPeople)
        .addDocuments(documents, { primaryKey: 'id' })
        .waitTask({ timeout: 120_000 });
    progress('people', Math.min(i + 1000, personIds.length), personIds.length);
  }

  progress('swap', 0, 1);
  const swapped = await meili
    .swapIndexes([
      { indexes: [livePosts, newPosts], rename: false },
      { indexes: [livePeople, newPeople], rename: false },
    ])
    .waitTask({ timeout: 60_000 });
  if (swapped.status === 'failed') throw new Error(`index swap failed: ${swapped.error?.message}`);
  await meili.deleteIndex(newPosts).waitTask({ timeout: 60_000 });
  await meili.deleteIndex(newPeople).waitTask({ timeout: 60_000 });

  // Changes the live consumer made while the new indexes were built went to the old ones.
  const changed = await db
    .selectFrom('search.postFacts')
    .select(['postId', 'authorId'])
    .where('projectedAt', '>=', buildStarted)
    .execute();
  await markDirty(
    db,
    'post',
    changed.map((r) => r.postId),
  );
  await markDirty(
    db,
    'person',
    changed.map((r) => r.authorId),
  );
  progress('swap', 1, 1);
  return { posts: total, people: personIds.length };
}

/** Runs `work` again when Postgres picked it as a deadlock victim (the live consumer won). */
async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
}
