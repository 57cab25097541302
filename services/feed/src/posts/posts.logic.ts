import { RpcError } from '@outloud/bus';
import type { Actor, CreatePostBody, Role } from '@outloud/contracts';

const ANNOUNCERS: readonly Role[] = ['ld', 'manager', 'admin'];

export interface NormalizedPost {
  kind: CreatePostBody['kind'];
  title: string;
  body: string;
  tags: string[];
}

/**
 * Decides whether `actor` may create this post and normalises it (trimmed title, unique tags in
 * the order given). Shape and limits were already validated against the contract schema.
 */
export function preparePost(actor: Actor, input: CreatePostBody): NormalizedPost {
  if (input.kind === 'announcement' && !actor.roles.some((r) => ANNOUNCERS.includes(r))) {
    throw new RpcError('forbidden', 'Only L&D staff, managers and admins can post announcements.');
  }
  const title = input.title.trim();
  if (!title) {
    throw new RpcError('validation_failed', 'The title cannot be blank.', [
      { field: 'title', message: 'must not be blank' },
    ]);
  }
  if (!input.body.trim()) {
    throw new RpcError('validation_failed', 'The body cannot be blank.', [
      { field: 'body', message: 'must not be blank' },
    ]);
  }
  return { kind: input.kind, title, body: input.body, tags: [...new Set(input.tags ?? [])] };
}
