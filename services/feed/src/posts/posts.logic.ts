import { RpcError } from '@outloud/bus';
import type { Actor, CreatePostBody, PostKind, Role, UpdatePostBody } from '@outloud/contracts';
import { extractMentions } from '../markdown/mentions.js';

const ANNOUNCERS: readonly Role[] = ['ld', 'manager', 'admin'];

export interface NormalizedPost {
  kind: PostKind;
  title: string;
  body: string;
  tags: string[];
  mentions: string[];
  pinnedUntil: Date | null;
}

function blank(field: string): RpcError {
  return new RpcError('validation_failed', `The ${field} cannot be blank.`, [
    { field, message: 'must not be blank' },
  ]);
}

function checkPin(kind: PostKind, pinnedUntil: string | null | undefined): Date | null {
  if (pinnedUntil === undefined || pinnedUntil === null) return null;
  if (kind !== 'announcement') {
    throw new RpcError('validation_failed', 'Only announcements can be pinned.', [
      { field: 'pinnedUntil', message: 'only announcements can be pinned' },
    ]);
  }
  const date = new Date(pinnedUntil);
  if (Number.isNaN(date.getTime())) {
    throw new RpcError('validation_failed', 'That date does not exist.', [
      { field: 'pinnedUntil', message: 'not a valid date' },
    ]);
  }
  return date;
}

/**
 * Decides whether `actor` may create this post and normalises it (trimmed title, unique tags in
 * the order given, mentions parsed). Shape and limits were already validated against the schema.
 */
export function preparePost(actor: Actor, input: CreatePostBody): NormalizedPost {
  if (input.kind === 'announcement' && !actor.roles.some((r) => ANNOUNCERS.includes(r))) {
    throw new RpcError('forbidden', 'Only L&D staff, managers and admins can post announcements.');
  }
  const title = input.title.trim();
  if (!title) throw blank('title');
  if (!input.body.trim()) throw blank('body');
  return {
    kind: input.kind,
    title,
    body: input.body,
    tags: [...new Set(input.tags ?? [])],
    mentions: extractMentions(input.body),
    pinnedUntil: checkPin(input.kind, input.pinnedUntil),
  };
}

/** The post after an edit, or undefined when the edit changes nothing. */
export function applyEdit(
  current: {
    kind: PostKind;
    title: string;
    body: string;
    tags: string[];
    pinnedUntil: Date | null;
  },
  input: UpdatePostBody,
): (NormalizedPost & { changed: string[] }) | undefined {
  const title = input.title === undefined ? current.title : input.title.trim();
  if (!title) throw blank('title');
  if (input.body !== undefined && !input.body.trim()) throw blank('body');
  const body = input.body ?? current.body;
  const tags = input.tags === undefined ? current.tags : [...new Set(input.tags)];
  const pinnedUntil =
    input.pinnedUntil === undefined
      ? current.pinnedUntil
      : checkPin(current.kind, input.pinnedUntil);
  const changed = [
    title !== current.title && 'title',
    body !== current.body && 'body',
    tags.join(',') !== current.tags.join(',') && 'tags',
    (pinnedUntil?.getTime() ?? null) !== (current.pinnedUntil?.getTime() ?? null) && 'pinnedUntil',
  ].filter((c): c is string => c !== false);
  if (!changed.length) return undefined;
  return {
    kind: current.kind,
    title,
    body,
    tags,
    mentions: extractMentions(body),
    pinnedUntil,
    changed,
  };
}
