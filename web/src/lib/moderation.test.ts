import type { Flag, ModerationTarget, QueueItem } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n';
import {
  appendQueue,
  applyModeration,
  availableActions,
  contentNoun,
  isModerationAction,
  moderationMenu,
  queueItemLink,
  reasonRequired,
} from './moderation';

const target = (overrides: Partial<ModerationTarget> = {}): ModerationTarget => ({
  type: 'post',
  id: 'p1',
  postId: 'p1',
  title: 'Rotate the staging keys',
  kind: 'tip',
  excerpt: 'Buy cheap watches',
  author: { id: 'u1', handle: 'spammer', displayName: 'Spam Bot' },
  channel: { id: 'c1', slug: 'general', name: 'General', visibility: 'public' },
  hidden: false,
  locked: false,
  deleted: false,
  createdAt: '2026-12-06T10:00:00Z',
  ...overrides,
});

const flag = (id: string, overrides: Partial<Flag> = {}): Flag => ({
  id,
  targetType: 'post',
  targetId: 'p1',
  postId: 'p1',
  reason: 'spam',
  note: null,
  reporter: { id: 'u2', handle: 'ada', displayName: 'Ada Lovelace' },
  createdAt: '2026-12-06T11:00:00Z',
  status: 'open',
  ...overrides,
});

const item = (overrides: Partial<QueueItem> = {}): QueueItem => ({
  target: target(),
  flags: [flag('f1')],
  flagCount: 1,
  status: 'open',
  ...overrides,
});

describe('availableActions', () => {
  it('offers hide, dismiss, lock and delete on a visible open post', () => {
    expect(availableActions(item())).toEqual(['hide', 'dismiss', 'lock', 'delete']);
  });

  it('offers restore and unlock where the content is hidden and locked, and no dismiss once resolved', () => {
    const done = item({ target: target({ hidden: true, locked: true }), status: 'resolved' });
    expect(availableActions(done)).toEqual(['restore', 'unlock', 'delete']);
  });

  it('never offers locking an answer (threads are locked, not answers)', () => {
    const answer = item({ target: target({ type: 'answer', id: 'a1' }) });
    expect(availableActions(answer)).toEqual(['hide', 'dismiss', 'delete']);
  });

  it('offers nothing on deleted content', () => {
    expect(availableActions(item({ target: target({ deleted: true }) }))).toEqual([]);
  });
});

describe('reasonRequired', () => {
  it('asks a reason for what takes content away from its author', () => {
    expect(reasonRequired('hide')).toBe(true);
    expect(reasonRequired('delete')).toBe(true);
    for (const action of ['restore', 'dismiss', 'lock', 'unlock'] as const) {
      expect(reasonRequired(action), action).toBe(false);
    }
  });
});

describe('applyModeration', () => {
  it("shows the content's new state in place and resolves its open flags", () => {
    const other = item({ target: target({ id: 'p2', postId: 'p2' }), flags: [flag('f9')] });
    const earlier = flag('f0', { status: 'resolved', resolution: 'dismiss' });
    const items = [item({ flags: [flag('f1'), earlier], flagCount: 2 }), other];
    const next = applyModeration(items, 'hide', {
      target: target({ hidden: true }),
      resolvedFlags: 1,
    });
    expect(next).toHaveLength(2);
    expect(next[0]!.target.hidden).toBe(true);
    expect(next[0]!.status).toBe('resolved');
    expect(next[0]!.flags.map((f) => [f.id, f.status, f.resolution])).toEqual([
      ['f1', 'resolved', 'hide'],
      ['f0', 'resolved', 'dismiss'],
    ]);
    // Another item is left as it was.
    expect(next[1]).toBe(other);
  });

  it('tells a post and an answer with the same id apart', () => {
    const answer = item({ target: target({ type: 'answer', id: 'p1' }) });
    const next = applyModeration([answer], 'hide', {
      target: target({ hidden: true }),
      resolvedFlags: 1,
    });
    expect(next[0]).toBe(answer);
  });
});

describe('appendQueue', () => {
  it('adds a further page without listing an item twice', () => {
    const first = item();
    const second = item({ target: target({ id: 'p2', postId: 'p2' }) });
    expect(appendQueue([first], [first, second]).map((i) => i.target.id)).toEqual(['p1', 'p2']);
  });
});

describe('contentNoun', () => {
  it('calls an answer on a tip a comment', () => {
    expect(contentNoun('post', 'question')).toBe('post');
    expect(contentNoun('answer', 'question')).toBe('answer');
    expect(contentNoun('answer', 'tip')).toBe('comment');
  });
});

describe('queueItemLink', () => {
  it('leads to the thread, at the answer when it is one', () => {
    expect(queueItemLink({ type: 'post', id: 'p1', postId: 'p1' })).toBe('#/posts/p1');
    expect(queueItemLink({ type: 'answer', id: 'a1', postId: 'p1' })).toBe('#/posts/p1?answer=a1');
  });
});

describe('isModerationAction', () => {
  it('knows the six actions and nothing else', () => {
    expect(isModerationAction('hide')).toBe(true);
    expect(isModerationAction('escalation')).toBe(false);
    expect(isModerationAction(undefined)).toBe(false);
    expect(isModerationAction(null)).toBe(false);
  });
});

describe('moderationMenu', () => {
  const keys = (key: MessageKey): string => key;
  const member = { id: 'u2', roles: ['member'] as const };
  const moderator = { id: 'u3', roles: ['member', 'moderator'] as const };
  const ids = (...args: Parameters<typeof moderationMenu>) =>
    moderationMenu(...args).map((entry) => entry.id);
  const post = { targetType: 'post' as const, authorId: 'u1', deletable: false };

  it('lets a member flag what others wrote, and nothing of their own', () => {
    expect(ids({ ...post, person: member }, keys, () => {})).toEqual(['flag']);
    expect(ids({ ...post, authorId: 'u2', person: member }, keys, () => {})).toEqual([]);
    expect(ids({ ...post, person: null }, keys, () => {})).toEqual([]);
  });

  it('gives moderators hide or restore, lock or unlock, and delete where they could not already', () => {
    expect(ids({ ...post, person: moderator }, keys, () => {})).toEqual([
      'flag',
      'moderate-hide',
      'moderate-lock',
      'moderate-delete',
    ]);
    expect(
      ids(
        { ...post, person: moderator, hidden: true, locked: true, deletable: true },
        keys,
        () => {},
      ),
    ).toEqual(['flag', 'moderate-restore', 'moderate-unlock']);
    const answer = { ...post, targetType: 'answer' as const, person: moderator };
    expect(ids(answer, keys, () => {})).toEqual(['flag', 'moderate-hide', 'moderate-delete']);
  });

  it('lets moderators only lock or unlock their own threads, never hide their own content', () => {
    const mine = { ...post, authorId: 'u3', person: moderator, deletable: true };
    expect(ids(mine, keys, () => {})).toEqual(['moderate-lock']);
    expect(ids({ ...mine, targetType: 'answer' }, keys, () => {})).toEqual([]);
  });

  it('names each entry from the catalog and opens the chosen dialog', () => {
    const chosen: string[] = [];
    const entries = moderationMenu({ ...post, person: moderator }, keys, (choice) =>
      chosen.push(choice),
    );
    expect(entries.map((entry) => entry.label)).toEqual([
      'moderation.flag.menu',
      'moderation.menu.hide',
      'moderation.menu.lock',
      'moderation.menu.delete',
    ]);
    expect(entries.find((entry) => entry.id === 'moderate-delete')?.tone).toBe('danger');
    for (const entry of entries) entry.onselect();
    expect(chosen).toEqual(['flag', 'hide', 'lock', 'delete']);
  });
});
