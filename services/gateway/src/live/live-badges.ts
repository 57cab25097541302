import type { AuthorRef } from '@outloud/contracts';
import { withBadges, type AuthorBadges } from '../learning/badges.js';
import type { Emission } from './feed-emissions.js';

/** The author a post or answer emission shows, if any. */
function authorOf(emission: Emission): AuthorRef | undefined {
  switch (emission.event) {
    case 'post:created':
    case 'post:updated':
      return emission.payload.post.author;
    case 'answer:created':
    case 'answer:accepted':
      return emission.payload.answer.author;
    case 'post:deleted':
    case 'vote:changed':
      return undefined;
    default: {
      const unknown: never = emission;
      return unknown;
    }
  }
}

/** The emission with its author's badges, as REST reads show them. */
function withAuthorBadges(
  emission: Emission,
  badges: Map<string, NonNullable<AuthorRef['badges']>>,
): Emission {
  switch (emission.event) {
    case 'post:created':
    case 'post:updated': {
      const { post } = emission.payload;
      return {
        ...emission,
        payload: { post: { ...post, author: withBadges(post.author, badges) } },
      };
    }
    case 'answer:created':
    case 'answer:accepted': {
      const { answer } = emission.payload;
      return {
        ...emission,
        payload: { answer: { ...answer, author: withBadges(answer.author, badges) } },
      };
    }
    case 'post:deleted':
    case 'vote:changed':
      return emission;
    default: {
      const unknown: never = emission;
      return unknown;
    }
  }
}

/**
 * Badges for groups of emissions (a catch-up page: one group per stream event) in one lookup,
 * the groups kept as they were.
 */
export async function badgeEmissionGroups(
  badgesFor: AuthorBadges,
  groups: readonly (readonly Emission[])[],
): Promise<Emission[][]> {
  const flat = await badgeEmissions(badgesFor, groups.flat());
  let next = 0;
  return groups.map((group) => flat.slice(next, (next += group.length)));
}

/**
 * Adds author badges to the posts and answers that go out live (and in the catch-up), with one
 * batched, cached lookup for all of them, so a live card looks like the same card read over REST.
 */
export async function badgeEmissions(
  badgesFor: AuthorBadges,
  emissions: readonly Emission[],
): Promise<Emission[]> {
  const authors = emissions.flatMap((e) => authorOf(e)?.id ?? []);
  if (!authors.length) return [...emissions];
  const badges = await badgesFor(authors);
  return emissions.map((e) => withAuthorBadges(e, badges));
}
