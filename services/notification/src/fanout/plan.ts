import type { AuthorRef } from '@outloud/contracts';
import type { Candidate } from './recipients.js';

/** Who an event may concern, before visibility, mutes and the actor are taken into account. */
export interface FanoutPlan {
  postId: string;
  answerId: string | null;
  post: { id: string; title: string; kind: 'tip' | 'question' | 'announcement'; channelId: string };
  /** Who the notifications name as having done it (null: nobody, e.g. a moderator's action). */
  actor: AuthorRef | null;
  /** Who caused it and is never told (usually the actor). */
  selfId: string | null;
  /**
   * What the notifications are unique on with their recipient (default: the event's id); a key
   * of the fact itself ("this review date of this post") keeps it once even if told twice.
   */
  eventKey?: string;
  candidates: Candidate[];
  /** People named in the content, remembered so an edit does not name them twice. */
  mentioned: string[];
  /** The post or answer whose body names them. */
  mentionedIn: string;
}

/** The post fields a notification names. */
export function about(post: {
  id: string;
  title: string;
  kind: 'tip' | 'question' | 'announcement';
  channelId: string;
}) {
  return {
    postId: post.id,
    post: { id: post.id, title: post.title, kind: post.kind, channelId: post.channelId },
  };
}
