import { readFile } from 'node:fs/promises';
import { Limits } from '@outloud/contracts';
import type { SourcePerson } from './import-people.js';
import type { SourceEntry } from './content-import.js';
import { fitTitle, normalizeTags } from './stackexchange.logic.js';

interface DiscourseUser {
  id: number;
  username?: string;
  name?: string | null;
  email?: string | null;
}
interface DiscourseTopic {
  id: number;
  title: string;
  category_id?: number | null;
  user_id?: number | null;
  created_at: string;
  tags?: string[];
  accepted_answer_post_id?: number | null;
}
interface DiscoursePost {
  id: number;
  topic_id: number;
  user_id?: number | null;
  post_number: number;
  raw: string;
  created_at: string;
  like_count?: number;
  accepted_answer?: boolean;
}
interface DiscourseExport {
  users: DiscourseUser[];
  categories: { id: number; slug?: string; name?: string }[];
  topics: DiscourseTopic[];
  posts: DiscoursePost[];
}

/** The error a malformed export fails the whole import with. */
export class MalformedExport extends Error {}

const isArray = (value: unknown): value is unknown[] => Array.isArray(value);

/**
 * A Discourse JSON export (`users`, `categories`, `topics`, `posts`), read whole: unlike a
 * Stack Exchange dump it is one document, so the upload limit bounds it.
 */
export async function readDiscourseExport(path: string): Promise<DiscourseExport> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new MalformedExport(`not JSON: ${(error as Error).message}`);
  }
  const doc = data as Partial<DiscourseExport> | null;
  if (!doc || !isArray(doc.topics) || !isArray(doc.posts)) {
    throw new MalformedExport('a Discourse export has `topics` and `posts` arrays');
  }
  return {
    users: isArray(doc.users) ? doc.users : [],
    categories: isArray(doc.categories) ? doc.categories : [],
    topics: doc.topics,
    posts: doc.posts,
  };
}

export function countDiscourseItems(doc: DiscourseExport): number {
  return doc.posts.length;
}

/**
 * Topics become questions (their first post is the body; its likes the score) and replies their
 * answers; the topic's category travels as a tag beside its own tags. The solved answer is the
 * topic's `accepted_answer_post_id` or a post marked `accepted_answer`.
 */
export async function* discourseEntries(doc: DiscourseExport): AsyncGenerator<SourceEntry> {
  const users = new Map(doc.users.map((u) => [u.id, u]));
  const categories = new Map(doc.categories.map((c) => [c.id, c.slug ?? c.name ?? '']));
  const personOf = (id: number | null | undefined): SourcePerson => {
    if (id === null || id === undefined || id < 0) {
      return { key: 'system', displayName: 'Former member', email: null };
    }
    const user = users.get(id);
    return {
      key: String(id),
      displayName: user?.name?.trim() || user?.username || `user ${id}`,
      email: user?.email?.trim().toLowerCase() || null,
    };
  };
  const firstPosts = new Map<number, DiscoursePost>();
  for (const post of doc.posts) if (post.post_number === 1) firstPosts.set(post.topic_id, post);
  const topics = new Map(doc.topics.map((t) => [t.id, t]));
  const bad = (item: string, message: string): SourceEntry => ({ error: { item, message } });

  for (const topic of doc.topics) {
    const first = firstPosts.get(topic.id);
    const date = new Date(topic.created_at);
    if (!first || !topic.title?.trim() || Number.isNaN(date.getTime())) {
      yield bad(`topic ${topic.id}`, 'needs a title, a created_at date and its first post');
      continue;
    }
    if (!first.raw?.trim() || first.raw.length > Limits.bodyMax) {
      yield bad(`topic ${topic.id}`, 'its first post is empty or over 40,000 characters');
      continue;
    }
    const category =
      topic.category_id === null || topic.category_id === undefined
        ? undefined
        : categories.get(topic.category_id);
    yield {
      owner: personOf(topic.user_id ?? first.user_id),
      item: {
        type: 'question',
        externalId: `topic:${topic.id}`,
        title: fitTitle(topic.title),
        body: first.raw,
        format: 'markdown',
        tags: normalizeTags([...(category ? [category] : []), ...(topic.tags ?? [])]),
        createdAt: date.toISOString(),
        score: Math.max(0, first.like_count ?? 0),
      },
    };
  }
  for (const post of doc.posts) {
    if (post.post_number === 1) continue;
    const topic = topics.get(post.topic_id);
    const date = new Date(post.created_at);
    if (!topic || !post.raw?.trim() || post.raw.length > Limits.bodyMax) {
      yield bad(`post ${post.id}`, 'needs its topic and a body of at most 40,000 characters');
      continue;
    }
    if (Number.isNaN(date.getTime())) {
      yield bad(`post ${post.id}`, 'needs a created_at date');
      continue;
    }
    yield {
      owner: personOf(post.user_id),
      item: {
        type: 'answer',
        externalId: `post:${post.id}`,
        questionExternalId: `topic:${topic.id}`,
        body: post.raw,
        format: 'markdown',
        createdAt: date.toISOString(),
        score: Math.max(0, post.like_count ?? 0),
        accepted: post.accepted_answer === true || topic.accepted_answer_post_id === post.id,
      },
    };
  }
}
