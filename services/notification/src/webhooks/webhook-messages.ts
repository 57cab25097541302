import type {
  Answer,
  AnswerAcceptedV1,
  ChallengePromptPostedV1,
  Post,
  PostCreatedV1,
  WebhookEvent,
} from '@outloud/contracts';
import { v5 as uuidv5 } from 'uuid';

/** Characters of a post's or answer's text a message carries (chat messages stay short). */
export const EXCERPT_MAX = 300;

export interface PersonRef {
  id: string;
  handle: string;
  displayName: string;
}
export interface PostSummary {
  id: string;
  kind: Post['kind'];
  title: string;
  excerpt: string;
  tags: string[];
  author: PersonRef;
  channelId: string;
  url: string;
  createdAt: string;
}
export type WebhookData =
  | { post: PostSummary; unansweredHours?: number }
  | {
      post: PostSummary;
      answer: { id: string; excerpt: string; author: PersonRef; url: string };
    }
  | { challenge: { id: string; day: number }; post: { id: string; title: string; url: string } };

/** The body of a `standard` delivery; the presets are made from it. */
export interface WebhookMessage {
  type: WebhookEvent;
  timestamp: string;
  data: WebhookData;
}

/** One event for the webhooks that asked for it; `key` makes it once per webhook, ever. */
export interface WebhookItem {
  key: string;
  message: WebhookMessage;
}

/** Namespace of delivery ids: one webhook and one event key always make the same id. */
const DELIVERY_IDS = '6c1f2a8e-3b7d-5e90-a1c4-7f2d9b0e4a31';

/** A delivery's id, also the `webhook-id` of each of its attempts. */
export const deliveryId = (webhookId: string, key: string): string =>
  uuidv5(`${webhookId}:${key}`, DELIVERY_IDS);

/** A question is reported as waiting at most once per webhook. */
export const unansweredKey = (postId: string): string => `question.unanswered:${postId}`;

/** The web app's page of a post (its router works on the hash). */
export function postUrl(appUrl: string, postId: string): string {
  return `${appUrl.replace(/\/$/, '')}/#/posts/${postId}`;
}

export function excerpt(text: string, max = EXCERPT_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

const personOf = (p: PersonRef): PersonRef => ({
  id: p.id,
  handle: p.handle,
  displayName: p.displayName,
});

export function summarize(post: Post, appUrl: string): PostSummary {
  return {
    id: post.id,
    kind: post.kind,
    title: post.title,
    excerpt: excerpt(post.body),
    tags: post.tags,
    author: personOf(post.author),
    channelId: post.channelId,
    url: postUrl(appUrl, post.id),
    createdAt: post.createdAt,
  };
}

/** Only what everyone may read leaves Outloud: public channels, nothing hidden by moderation. */
export function isPublic(channel: { visibility: string }, ...content: (Post | Answer)[]): boolean {
  return channel.visibility === 'public' && content.every((c) => c.hidden !== true);
}

/** A new post in a public channel: `announcement` for announcements, `post.created` otherwise. */
export function postCreatedItem(event: PostCreatedV1, appUrl: string): WebhookItem | null {
  const { post, channel } = event.data;
  // Content brought in by an import is years of history, not news: it must not flood a chat.
  if (event.data.imported || !isPublic(channel, post)) return null;
  return {
    key: event.id,
    message: {
      type: post.kind === 'announcement' ? 'announcement' : 'post.created',
      timestamp: event.occurredAt,
      data: { post: summarize(post, appUrl) },
    },
  };
}

/** An accepted answer on a public question (a withdrawn acceptance tells nobody). */
export function answerAcceptedItem(event: AnswerAcceptedV1, appUrl: string): WebhookItem | null {
  const { post, channel, answer } = event.data;
  if (!answer || !isPublic(channel, post, answer)) return null;
  return {
    key: event.id,
    message: {
      type: 'answer.accepted',
      timestamp: event.occurredAt,
      data: {
        post: summarize(post, appUrl),
        answer: {
          id: answer.id,
          excerpt: excerpt(answer.body),
          author: personOf(answer.author),
          url: postUrl(appUrl, post.id),
        },
      },
    },
  };
}

/** A challenge's prompt of the day, in a channel the caller found public. */
export function challengeDayItem(
  event: ChallengePromptPostedV1,
  post: { title: string },
  appUrl: string,
): WebhookItem {
  const { challengeId, day, postId } = event.data;
  return {
    key: event.id,
    message: {
      type: 'challenge.day',
      timestamp: event.occurredAt,
      data: {
        challenge: { id: challengeId, day },
        post: { id: postId, title: post.title, url: postUrl(appUrl, postId) },
      },
    },
  };
}

/** The message a question waiting `hours` sends (written when it is asked, sent if still open). */
export function unansweredItem(
  event: PostCreatedV1,
  hours: number,
  dueAt: Date,
  appUrl: string,
): WebhookItem {
  return {
    key: unansweredKey(event.data.post.id),
    message: {
      type: 'question.unanswered',
      timestamp: dueAt.toISOString(),
      data: { post: summarize(event.data.post, appUrl), unansweredHours: hours },
    },
  };
}
