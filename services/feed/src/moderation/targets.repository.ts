import type {
  Flag,
  ModerationTarget,
  ModerationTargetType,
  PostKind,
  Visibility,
} from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import { authorRefOf } from '../authors/authors.repository.js';
import type { FeedDB } from '../db.js';
import { toFlag, type FlagRow } from './flags.repository.js';
import { QUEUE_FLAGS_MAX, TARGET_EXCERPT_CHARS } from './moderation.logic.js';

/** A live post or answer locked for a moderator's change, with what the decision needs. */
export interface LockedTarget {
  type: ModerationTargetType;
  id: string;
  postId: string;
  authorId: string;
  channelId: string;
  visibility: Visibility;
  hidden: boolean;
  locked: boolean;
}

/**
 * Locks a live post, or a live answer and its live question, for a moderator: any channel, hidden
 * or not (moderators act on whatever was flagged). The post row is locked first, in the same
 * order as every other change to a thread.
 */
export async function lockTargetForModeration(
  db: Kysely<FeedDB>,
  type: ModerationTargetType,
  id: string,
): Promise<LockedTarget | undefined> {
  const postId =
    type === 'post'
      ? id
      : (
          await db
            .selectFrom('feed.answers')
            .select('postId')
            .where('id', '=', id)
            .where('deletedAt', 'is', null)
            .executeTakeFirst()
        )?.postId;
  if (!postId) return undefined;
  const post = await db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select(['p.authorId', 'p.channelId', 'p.hiddenAt', 'p.lockedAt', 'feed.channels.visibility'])
    .where('p.id', '=', postId)
    .where('p.deletedAt', 'is', null)
    .forUpdate('p')
    .executeTakeFirst();
  if (!post) return undefined;
  const base = {
    type,
    id,
    postId,
    channelId: post.channelId,
    visibility: post.visibility,
    locked: post.lockedAt !== null,
  };
  if (type === 'post') return { ...base, authorId: post.authorId, hidden: post.hiddenAt !== null };
  const answer = await db
    .selectFrom('feed.answers')
    .select(['authorId', 'hiddenAt'])
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  return answer && { ...base, authorId: answer.authorId, hidden: answer.hiddenAt !== null };
}

/**
 * Hides (`hidden` given: when and by whom, `by` null for enough flags) or shows again a post or
 * answer, and bumps the thread's version as every change to it does. A question's `answerCount`
 * counts the answers everyone can read, so hiding an answer takes it out of the count (the thread
 * reads as unanswered, and waits for experts, when its only answer is spam) and restoring it puts
 * it back; the count changes only when the answer's state does.
 */
export async function setHidden(
  db: Kysely<FeedDB>,
  target: { type: ModerationTargetType; id: string; postId: string },
  hidden: { at: Date; by: string | null } | null,
): Promise<void> {
  const values = { hiddenAt: hidden?.at ?? null, hiddenBy: hidden?.by ?? null };
  let countChange = 0;
  if (target.type === 'answer') {
    const changed = await db
      .updateTable('feed.answers')
      .set(values)
      .where('id', '=', target.id)
      .where('hiddenAt', hidden ? 'is' : 'is not', null)
      .where('deletedAt', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (changed) countChange = hidden ? -1 : 1;
  }
  await db
    .updateTable('feed.posts')
    .set((eb) => ({
      ...(target.type === 'post' ? values : {}),
      ...(countChange !== 0 && { answerCount: eb('answerCount', '+', countChange) }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', target.postId)
    .execute();
}

/** Closes a thread to new answers (`locked` given) or opens it again; bumps its version. */
export async function setLocked(
  db: Kysely<FeedDB>,
  postId: string,
  locked: { at: Date; by: string } | null,
): Promise<void> {
  await db
    .updateTable('feed.posts')
    .set((eb) => ({
      lockedAt: locked?.at ?? null,
      lockedBy: locked?.by ?? null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', postId)
    .execute();
}

/** Which target to show, and which of its flags: open ones, or those resolved at `resolvedAt`. */
export interface TargetKey {
  targetType: ModerationTargetType;
  targetId: string;
  postId: string;
  resolvedAt: Date | null;
}

interface TargetRow {
  targetType: ModerationTargetType;
  targetId: string;
  postId: string;
  title: string;
  kind: PostKind;
  excerpt: string;
  hidden: boolean;
  locked: boolean;
  deleted: boolean;
  createdAt: Date;
  authorId: string;
  authorHandle: string;
  authorDisplayName: string;
  authorAvatarUrl: string | null;
  channelId: string;
  channelSlug: string;
  channelName: string;
  visibility: Visibility;
  flags: Omit<FlagRow, 'targetType' | 'targetId' | 'postId'>[] | null;
}

/**
 * The targets as the queue shows them (deleted ones too), in the order of `keys`, each with its
 * newest flags when `withFlags`: one statement whatever the page size (no query per item).
 */
export async function loadTargets(
  db: Kysely<FeedDB>,
  keys: readonly TargetKey[],
  options: { withFlags: boolean },
): Promise<{ target: ModerationTarget; flags: Flag[] }[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<TargetRow>`
    select t.target_type as "targetType", t.target_id as "targetId", t.post_id as "postId",
      q.title, q.kind,
      left(case when t.target_type = 'answer' then x.body else q.body end,
        ${sql.lit(TARGET_EXCERPT_CHARS)}) as excerpt,
      (case when t.target_type = 'answer' then x.hidden_at else q.hidden_at end) is not null
        as hidden,
      q.locked_at is not null as locked,
      (q.deleted_at is not null or x.deleted_at is not null) as deleted,
      case when t.target_type = 'answer' then x.created_at else q.created_at end as "createdAt",
      au.id as "authorId", au.handle as "authorHandle", au.display_name as "authorDisplayName",
      au.avatar_url as "authorAvatarUrl",
      c.id as "channelId", c.slug as "channelSlug", c.name as "channelName", c.visibility,
      fl.flags
    from unnest(${keys.map((k) => k.targetType)}::text[], ${keys.map((k) => k.targetId)}::uuid[],
        ${keys.map((k) => k.postId)}::uuid[],
        ${keys.map((k) => k.resolvedAt?.toISOString() ?? null)}::timestamptz[])
      with ordinality as t(target_type, target_id, post_id, resolved_at, ord)
    join feed.posts q on q.id = t.post_id
    join feed.channels c on c.id = q.channel_id
    left join feed.answers x on t.target_type = 'answer' and x.id = t.target_id
    join feed.authors au
      on au.id = case when t.target_type = 'answer' then x.author_id else q.author_id end
    left join lateral (
      select json_agg(json_build_object(
          'id', f.id, 'reason', f.reason, 'note', f.note, 'createdAt', f.created_at,
          'resolvedAt', f.resolved_at, 'resolution', f.resolution, 'reporterId', r.id,
          'reporterHandle', r.handle, 'reporterDisplayName', r.display_name,
          'reporterAvatarUrl', r.avatar_url)
        order by f.created_at desc, f.id desc) as flags
      from (
        select * from feed.flags f
        where ${options.withFlags} and f.target_id = t.target_id
          and case when t.resolved_at is null then f.resolved_at is null
            else f.resolved_at = t.resolved_at end
        order by f.created_at desc, f.id desc
        limit ${sql.lit(QUEUE_FLAGS_MAX)}
      ) f
      join feed.authors r on r.id = f.reporter_id
    ) fl on true
    order by t.ord`.execute(db);
  return rows.map((row) => ({
    target: {
      type: row.targetType,
      id: row.targetId,
      postId: row.postId,
      title: row.title,
      kind: row.kind,
      excerpt: row.excerpt,
      author: authorRefOf(
        row.authorId,
        row.authorHandle,
        row.authorDisplayName,
        row.authorAvatarUrl,
      ),
      channel: {
        id: row.channelId,
        slug: row.channelSlug,
        name: row.channelName,
        visibility: row.visibility,
      },
      hidden: row.hidden,
      locked: row.locked,
      deleted: row.deleted,
      createdAt: row.createdAt.toISOString(),
    },
    flags: (row.flags ?? []).map((flag) =>
      toFlag({
        ...flag,
        targetType: row.targetType,
        targetId: row.targetId,
        postId: row.postId,
      }),
    ),
  }));
}
