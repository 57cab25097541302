import type { AuthorRef, Badge } from '@outloud/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Identity } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';

/** Badges change rarely (a role, a week of sharing): each person's are kept this long. */
const BADGE_TTL_MS = 60_000;
const MAX_CACHED = 20_000;

/**
 * Adds badges to the authors of posts and answers on their way out: `ld` from the person's
 * current role (identity), `works_out_loud` from the learning service. One lookup of each per
 * response for the authors not seen in the last minute; if the learning service does not
 * answer, content is shown without its badges (and that answer is not kept).
 */
export function createAuthorBadges(deps: {
  identity: Pick<Identity, 'findUsers'>;
  services: Pick<ServiceClients, 'learning'>;
  logger: FastifyBaseLogger;
}) {
  const cache = new Map<string, { badges: Badge[]; until: number }>();
  return async function badgesFor(ids: readonly string[]): Promise<Map<string, Badge[]>> {
    const now = Date.now();
    const out = new Map<string, Badge[]>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = cache.get(id);
      if (hit && hit.until > now) {
        if (hit.badges.length) out.set(id, hit.badges);
      } else missing.push(id);
    }
    const fresh = await lookUp(missing.slice(0, 200));
    for (const [id, badges] of fresh) {
      if (badges.length) out.set(id, badges);
    }
    return out;
  };

  async function lookUp(unique: string[]): Promise<Map<string, Badge[]>> {
    const found = new Map<string, Badge[]>();
    if (!unique.length) return found;
    let learningAnswered = true;
    const [users, sharing] = await Promise.all([
      deps.identity.findUsers(unique),
      deps.services.learning.call('badges', { userIds: unique }).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'no sharing badges: learning service did not answer');
        learningAnswered = false;
        return { items: [] };
      }),
    ]);
    const earned = new Map(sharing.items.map((i) => [i.userId, i.badges]));
    const until = Date.now() + BADGE_TTL_MS;
    if (cache.size + unique.length > MAX_CACHED) cache.clear();
    for (const id of unique) {
      const badges: Badge[] = [];
      if (users.get(id)?.roles.includes('ld')) badges.push('ld');
      badges.push(...(earned.get(id) ?? []));
      found.set(id, badges);
      if (learningAnswered) cache.set(id, { badges, until });
    }
    return found;
  }
}

export type AuthorBadges = ReturnType<typeof createAuthorBadges>;

/** The author with their badges (unchanged when they have none). */
export function withBadges<A extends AuthorRef>(author: A, badges: Map<string, Badge[]>): A {
  const found = badges.get(author.id);
  return found ? { ...author, badges: found } : author;
}

/** Badges on a feed page's authors. */
export async function badgePage<P extends { author: AuthorRef }>(
  badgesFor: AuthorBadges,
  page: { items: P[]; nextCursor: string | null },
) {
  const badges = await badgesFor(page.items.map((p) => p.author.id));
  return {
    ...page,
    items: page.items.map((p) => ({ ...p, author: withBadges(p.author, badges) })),
  };
}

/** Badges on a post's and its answers' authors. */
export async function badgeThread<P extends { author: AuthorRef }, A extends { author: AuthorRef }>(
  badgesFor: AuthorBadges,
  thread: { post: P; answers: A[] },
) {
  const badges = await badgesFor([
    thread.post.author.id,
    ...thread.answers.map((a) => a.author.id),
  ]);
  return {
    post: { ...thread.post, author: withBadges(thread.post.author, badges) },
    answers: thread.answers.map((a) => ({ ...a, author: withBadges(a.author, badges) })),
  };
}
