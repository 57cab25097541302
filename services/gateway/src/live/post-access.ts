import type { Actor } from '@outloud/contracts';
import type { ServiceClients } from '../services/clients.js';
import { InFlight, TtlCache } from '../services/ttl-cache.js';
import type { VisibleChannels } from '../services/visible-channels.js';

export interface PostAccessOptions {
  /** Posts whose channel is remembered (posts never change channel). */
  maxPosts?: number;
  /** How long "no such post for this person" is remembered. */
  negativeTtlMs?: number;
  maxNegative?: number;
}

/**
 * Answers "may this person see post X, and in which channel is it" cheaply: the channel of each
 * post asked about is remembered (bounded, least recently used first out), "not found" answers
 * are remembered per person for a few seconds (so random ids cost one feed call each, not one per
 * message), simultaneous questions share one feed call, and whether the person may see the
 * channel comes from the (briefly cached) visible channels.
 */
export function createPostAccess(
  deps: { services: ServiceClients; visibleChannels: VisibleChannels },
  options: PostAccessOptions = {},
) {
  const channels = new TtlCache<string, string>({
    maxEntries: options.maxPosts ?? 50_000,
    ttlMs: 24 * 60 * 60 * 1000,
  });
  const missing = new TtlCache<string, true>({
    maxEntries: options.maxNegative ?? 50_000,
    ttlMs: options.negativeTtlMs ?? 10_000,
  });
  const inFlight = new InFlight<string, string | undefined>();
  /**
   * Posts hidden by moderation, from the event stream: whether someone may see one depends on
   * who they are, so the answer for one person is never remembered for everyone.
   */
  const hidden = new TtlCache<string, true>({
    maxEntries: options.maxPosts ?? 50_000,
    ttlMs: 24 * 60 * 60 * 1000,
  });

  const channelOf = async (actor: Actor, postId: string): Promise<string | undefined> => {
    const shared = !hidden.get(postId);
    const known = shared ? channels.get(postId) : undefined;
    if (known) return known;
    const key = `${actor.id}:${postId}`;
    if (missing.get(key)) return undefined;
    return inFlight.run(key, async () => {
      try {
        // `postAccess` answers with ids only: a miss never ships a post or its answers.
        const access = await deps.services.feed.call('postAccess', { actor, id: postId });
        if (access.hidden) hidden.set(postId, true);
        else if (shared && !hidden.get(postId)) channels.set(postId, access.channelId);
        return access.channelId;
      } catch (error) {
        if ((error as { code?: string }).code !== 'post_not_found') throw error;
        missing.set(key, true);
        return undefined;
      }
    });
  };

  return {
    /** The post's channel when the person may see it, otherwise undefined. */
    async channelOfVisiblePost(actor: Actor, postId: string): Promise<string | undefined> {
      const channelId = await channelOf(actor, postId);
      if (!channelId) return undefined;
      return (await deps.visibleChannels.of(actor)).includes(channelId) ? channelId : undefined;
    },
    /** A post was created: it exists from now on, whatever was answered before. */
    created(postId: string, channelId: string): void {
      channels.set(postId, channelId);
    },
    deleted(postId: string): void {
      channels.delete(postId);
      hidden.delete(postId);
    },
    /** Moderation hid the post: from now on feed is asked for each person. */
    hid(postId: string): void {
      hidden.set(postId, true);
      channels.delete(postId);
    },
    /** Moderation restored the post: those refused it a moment ago may see it again. */
    restored(postId: string, channelId: string): void {
      hidden.delete(postId);
      channels.set(postId, channelId);
      missing.clear();
    },
    /** Memberships or channels changed: "not found" may now be wrong. */
    accessChanged(): void {
      missing.clear();
      inFlight.clear();
    },
  };
}

export type PostAccess = ReturnType<typeof createPostAccess>;
