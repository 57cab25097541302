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

/** How long a live push waits for its authors' badges before it goes out without them. */
export const LIVE_BADGE_WAIT_MS = 1_000;

/**
 * Live delivery of feed events with their authors' badges, in stream order. Badges only decorate
 * a card, so they must never hold delivery back: each event's lookup starts as soon as the event
 * arrives (a burst waits for about one lookup, not one after another), and a lookup that has not
 * answered within `waitMs` (a hung learning service) is given up for that event.
 */
export function createBadgedDelivery(deps: {
  badges?: AuthorBadges;
  send: (emissions: readonly Emission[], cursor: string) => void;
  onLookupError: (error: unknown) => void;
  onSendError: (error: unknown, cursor: string) => void;
  waitMs?: number;
}) {
  const waitMs = deps.waitMs ?? LIVE_BADGE_WAIT_MS;
  let queue: Promise<void> = Promise.resolve();

  async function badged(emissions: readonly Emission[]): Promise<readonly Emission[]> {
    if (!deps.badges) return emissions;
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise<readonly Emission[]>((resolve) => {
      timer = setTimeout(() => {
        deps.onLookupError(new Error(`no badges within ${waitMs} ms`));
        resolve(emissions);
      }, waitMs);
      timer.unref();
    });
    const lookedUp = badgeEmissions(deps.badges, emissions).catch((error: unknown) => {
      deps.onLookupError(error);
      return emissions;
    });
    try {
      return await Promise.race([lookedUp, givenUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** Hands over one event's emissions; they go out after every event handed over before. */
    deliver(emissions: readonly Emission[], cursor: string): void {
      if (!emissions.length) return;
      const ready = badged(emissions);
      queue = queue
        .then(async () => deps.send(await ready, cursor))
        .catch((error: unknown) => deps.onSendError(error, cursor));
    },
    /** Resolves once everything handed over so far has been sent (or failed). */
    drained: (): Promise<void> => queue,
  };
}
