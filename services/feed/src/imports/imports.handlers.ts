import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { FeedRpc, ImportItemOutcome } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { upsertAuthorRef } from '../authors/authors.repository.js';
import { touchChannelActivity } from '../channels/channel-reads.repository.js';
import { findChannel } from '../channels/channels.repository.js';
import { isAdmin, type FeedContext } from '../context.js';
import type { FeedDB } from '../db.js';
import { emit, postStateData } from '../events.js';
import { loadAnswer } from '../answers/answers.repository.js';
import { loadPostState } from '../posts/posts.repository.js';
import { prepareItem, type PreparedItem } from './imports.logic.js';
import {
  claimImported,
  findImported,
  insertImportedAnswer,
  insertImportedQuestion,
  type ImportedTarget,
} from './imports.repository.js';

type ImportHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'importContent'>;

/**
 * `importContent`: a batch of questions and answers from another tool, in one transaction. Each
 * item is written with its original date, score and author, and announced like new content with
 * `imported: true`, so search indexes it and expertise counts it while nobody is notified.
 */
export function importHandlers(ctx: FeedContext): ImportHandlers {
  const { db, clock } = ctx;
  return {
    async importContent({ actor, source, channelId, items }) {
      if (!isAdmin(actor)) throw new RpcError('forbidden', 'Only admins can import content.');
      const channel = await findChannel(db, channelId, actor.id, { anyVisibility: true });
      if (!channel) throw new RpcError('channel_not_found', 'No such channel.');
      const prepared = items.map(prepareItem);
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const known = await findImported(trx, source, [
          ...items.map((i) => i.externalId),
          ...items.flatMap((i) => (i.type === 'answer' ? [i.questionExternalId] : [])),
        ]);
        const results: ImportItemOutcome[] = [];
        let latest: Date | undefined;
        for (const [index, item] of prepared.entries()) {
          const externalId = items[index]!.externalId;
          if ('error' in item) {
            results.push({ externalId, outcome: 'failed', message: item.error });
            continue;
          }
          const earlier = known.get(externalId);
          if (earlier) {
            results.push({ externalId, outcome: 'skipped', id: earlier.targetId });
            continue;
          }
          const outcome = await importOne(trx, ctx, {
            item,
            source,
            channel,
            known,
            now,
          });
          results.push({ externalId, ...outcome });
          if (outcome.outcome === 'created') {
            known.set(externalId, { kind: item.type, targetId: outcome.id! });
            const at = new Date(item.createdAt);
            if (!latest || at > latest) latest = at;
          }
        }
        if (latest) await touchChannelActivity(trx, channel.id, latest);
        return { results };
      });
    },
  };
}

async function importOne(
  trx: Kysely<FeedDB>,
  ctx: Pick<FeedContext, 'names'>,
  job: {
    item: PreparedItem;
    source: string;
    channel: { id: string };
    known: Map<string, ImportedTarget>;
    now: Date;
  },
): Promise<Omit<ImportItemOutcome, 'externalId'>> {
  const { item, source, now } = job;
  const createdAt = new Date(item.createdAt);
  const id = uuidv7({ msecs: createdAt.getTime() });
  let postId: string;
  if (item.type === 'answer') {
    const question = job.known.get(item.questionExternalId);
    if (question?.kind !== 'question') {
      return {
        outcome: 'failed',
        message: `its question ${item.questionExternalId} was not imported`,
      };
    }
    postId = question.targetId;
  } else postId = id;
  const claimed = await claimImported(trx, {
    source,
    externalId: item.externalId,
    kind: item.type,
    targetId: id,
  });
  if (!claimed) return { outcome: 'skipped' };
  await upsertAuthorRef(trx, item.author, now);
  const fields = {
    id,
    body: item.body,
    bodyHtml: item.bodyHtml,
    authorId: item.author.id,
    score: item.score,
    createdAt,
  };
  if (item.type === 'question') {
    await insertImportedQuestion(trx, {
      ...fields,
      channelId: job.channel.id,
      title: item.title,
      tags: [...new Set(item.tags)],
    });
    const state = await loadPostState(trx, id);
    await emit(
      trx,
      ctx,
      'feed.post.created.v1',
      { ...postStateData(state), imported: true },
      null,
      now,
    );
  } else {
    await insertImportedAnswer(trx, { ...fields, postId, accepted: item.accepted });
    const state = await loadPostState(trx, postId);
    const answer = await loadAnswer(trx, id);
    await emit(
      trx,
      ctx,
      'feed.answer.created.v1',
      { answer, ...postStateData(state), imported: true },
      null,
      now,
    );
  }
  return { outcome: 'created', id };
}
