import { TopicTagsMax, type Actor } from '@outloud/contracts';
import type { Identity } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';
import type { VisibleChannels } from '../services/visible-channels.js';

/** Tags that may take part in a feed filter (the shape a post's tags have). */
const tagShape = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * A person's topics: their profile skills first (what they said they know), then the tags
 * their contributions are most known for, each once, at most `max`. Skills that could never be
 * a post tag are left out.
 */
export function mergeTopics(
  skills: readonly string[],
  expertise: readonly string[],
  max: number = TopicTagsMax,
): string[] {
  const topics = new Set<string>();
  for (const tag of [...skills, ...expertise]) {
    const normal = tag.trim().toLowerCase();
    if (tagShape.test(normal)) topics.add(normal);
    if (topics.size >= max) break;
  }
  return [...topics];
}

export type TopicsOf = (actor: Actor) => Promise<string[]>;

/**
 * Resolves "my topics" with one read of the profile and one question to the search service
 * (the person's top tags over what they may see). If search does not answer, the skills alone
 * still make a useful list.
 */
export function createTopicsOf(deps: {
  identity: Pick<Identity, 'findUser'>;
  services: Pick<ServiceClients, 'search'>;
  visibleChannels: VisibleChannels;
  onSearchError?: (error: unknown) => void;
}): TopicsOf {
  return async (actor) => {
    const [user, expertise] = await Promise.all([
      deps.identity.findUser(actor.id),
      deps.visibleChannels
        .of(actor)
        .then((channelIds) =>
          deps.services.search.call('userStats', { actor, channelIds, userId: actor.id }),
        )
        .then(({ topTags }) => topTags.map((t) => t.tag))
        .catch((error: unknown) => {
          deps.onSearchError?.(error);
          return [];
        }),
    ]);
    return mergeTopics(user?.skills ?? [], expertise);
  };
}
