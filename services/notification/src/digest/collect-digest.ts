import type { Notification } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { listNotifications, unreadCounts } from '../notifications/notifications.repository.js';

export const DIGEST_UNREAD_SHOWN = 10;
export const DIGEST_TOP_POSTS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DigestPost {
  id: string;
  title: string;
  kind: 'tip' | 'question' | 'announcement';
  score: number;
  answerCount: number;
  tags: string[];
}

export interface DigestContent {
  unreadCount: number;
  /** The newest unread notifications (at most DIGEST_UNREAD_SHOWN). */
  unread: Notification[];
  /** The best posts of the last day in the channels and tags the person follows, that they may see. */
  topPosts: DigestPost[];
}

export function isEmptyDigest(content: DigestContent): boolean {
  return content.unreadCount === 0 && content.topPosts.length === 0;
}

export async function collectDigest(
  db: Kysely<NotifyDB>,
  userId: string,
  now: Date,
): Promise<DigestContent> {
  const since = new Date(now.getTime() - DAY_MS);
  const [unread, counts, topPosts] = await Promise.all([
    listNotifications(db, userId, { unread: true, limit: DIGEST_UNREAD_SHOWN }),
    unreadCounts(db, [userId]),
    db
      .selectFrom('notify.posts as p')
      .innerJoin('notify.channels as c', 'c.id', 'p.channelId')
      .select(['p.id', 'p.title', 'p.kind', 'p.score', 'p.answerCount', 'p.tags'])
      .where('p.createdAt', '>', since)
      .where('p.deleted', '=', false)
      .where('p.hidden', '=', false)
      .where('p.authorId', '!=', userId)
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('notify.follows as f')
              .select(sql`1`.as('one'))
              .where('f.userId', '=', userId)
              .where('f.targetType', '=', 'channel')
              .where(sql<boolean>`f.target = p.channel_id::text`),
          ),
          eb.exists(
            eb
              .selectFrom('notify.follows as f')
              .select(sql`1`.as('one'))
              .where('f.userId', '=', userId)
              .where('f.targetType', '=', 'tag')
              .where(sql<boolean>`f.target = any(p.tags)`),
          ),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb('c.visibility', '=', 'public'),
          eb.exists(
            eb
              .selectFrom('notify.members as m')
              .select(sql`1`.as('one'))
              .whereRef('m.channelId', '=', 'p.channelId')
              .where('m.userId', '=', userId),
          ),
        ]),
      )
      .orderBy('p.score', 'desc')
      .orderBy('p.answerCount', 'desc')
      .orderBy('p.createdAt', 'desc')
      .limit(DIGEST_TOP_POSTS)
      .execute(),
  ]);
  return { unreadCount: counts.get(userId) ?? 0, unread, topPosts };
}
