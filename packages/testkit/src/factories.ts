import { randomBytes, randomUUID } from 'node:crypto';
import type {
  Actor,
  Answer,
  AuthorRef,
  CreateChannelBody,
  CreatePostBody,
  Post,
} from '@outloud/contracts';

/** A short random word, safe in handles, slugs and tags. */
export function randomWord(length = 8): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** A random run of letters only: one word to Meilisearch, which splits words at digits. */
export function randomLetters(length = 8): string {
  return [...randomBytes(length)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
}

/** A random member: `u<8 hex>` handle, "User <handle>" as display name. */
export function makeActor(overrides: Partial<Actor> = {}): Actor {
  const handle = overrides.handle ?? `u${randomWord()}`;
  return {
    id: randomUUID(),
    handle,
    displayName: `User ${handle}`,
    roles: ['member'],
    ...overrides,
  };
}

/** A member with the given handle and its upper-case as display name (`alice` → `ALICE`). */
export function person(handle = `u${randomWord()}`, overrides: Partial<Actor> = {}): Actor {
  return makeActor({ handle, displayName: handle.toUpperCase(), ...overrides });
}

/** How a post or an answer names its author in events (no roles). */
export function authorOf(actor: AuthorRef): AuthorRef {
  return { id: actor.id, handle: actor.handle, displayName: actor.displayName };
}

/** A post as events carry it: a tip in a random channel, written now. */
export function makePost(author: AuthorRef, overrides: Partial<Post> = {}): Post {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    channelId: randomUUID(),
    kind: 'tip',
    title: 'Untitled',
    body: 'text',
    bodyHtml: '<p>text</p>',
    tags: [],
    author: authorOf(author),
    score: 0,
    answerCount: 0,
    acceptedAnswerId: null,
    createdAt: now,
    updatedAt: now,
    pinnedUntil: null,
    mentions: [],
    ...overrides,
  };
}

/** An answer to `post` as events carry it, written when the post was. */
export function makeAnswer(post: Post, author: AuthorRef, overrides: Partial<Answer> = {}): Answer {
  return {
    id: randomUUID(),
    postId: post.id,
    body: 'answer',
    bodyHtml: '<p>answer</p>',
    author: authorOf(author),
    score: 0,
    accepted: false,
    createdAt: post.createdAt,
    updatedAt: post.createdAt,
    mentions: [],
    ...overrides,
  };
}

/** The body of a new post (`POST /posts`, `svc.feed.createPost`): a tip in `channelId`. */
export function postInput(
  channelId: string,
  overrides: Partial<CreatePostBody> = {},
): CreatePostBody {
  return {
    channelId,
    kind: 'tip',
    title: `Tip ${randomWord(6)}`,
    body: 'Something worth sharing.',
    tags: [],
    ...overrides,
  };
}

/** The body of a new channel with a random slug; public unless told otherwise. */
export function channelInput(overrides: Partial<CreateChannelBody> = {}): CreateChannelBody {
  const slug = `c-${randomWord()}`;
  return { slug, name: `Channel ${slug}`, visibility: 'public', ...overrides };
}
