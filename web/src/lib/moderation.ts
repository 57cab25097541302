import type {
  FlagReason,
  ModerationAction,
  ModerationActionResponse,
  ModerationTargetType,
  PostKind,
  QueueItem,
} from '@outloud/contracts';
import type { MessageKey, Translate } from '../i18n';
import type { MenuAction } from './menu';
import { canModerate, type Person } from './permissions';

/** The flag reasons in the order the flag dialog offers them. */
export const flagReasons = [
  'spam',
  'off_topic',
  'harmful',
  'outdated',
  'other',
] as const satisfies readonly FlagReason[];

/** How moderation texts call a piece of content: an answer on a tip is a comment. */
export type ContentNoun = 'post' | 'answer' | 'comment';

export function contentNoun(targetType: ModerationTargetType, kind: PostKind): ContentNoun {
  if (targetType === 'post') return 'post';
  return kind === 'question' ? 'answer' : 'comment';
}

/**
 * Hiding and deleting take something away from its author, who is told why: they need a
 * reason. The others may have one (it still goes to the audit log).
 */
export function reasonRequired(action: ModerationAction): boolean {
  return action === 'hide' || action === 'delete';
}

/** What a moderator can do to a queue item now, in the order its buttons show. */
export function availableActions(item: Pick<QueueItem, 'target' | 'status'>): ModerationAction[] {
  const { target } = item;
  // Deleted content is gone for everyone; the queue keeps it only as a record.
  if (target.deleted) return [];
  const actions: ModerationAction[] = [target.hidden ? 'restore' : 'hide'];
  if (item.status === 'open') actions.push('dismiss');
  // Locking closes a thread to answers, so it is a question's or tip's, never an answer's.
  if (target.type === 'post') actions.push(target.locked ? 'unlock' : 'lock');
  actions.push('delete');
  return actions;
}

/**
 * The queue after a moderator's action on one of its items: that item shows the content's new
 * state in place, and its open flags as resolved by the action (every action resolves them).
 */
export function applyModeration(
  items: readonly QueueItem[],
  action: ModerationAction,
  result: ModerationActionResponse,
): QueueItem[] {
  const { target } = result;
  return items.map((item) =>
    item.target.type === target.type && item.target.id === target.id
      ? {
          ...item,
          target,
          status: 'resolved',
          flags: item.flags.map((flag) =>
            flag.status === 'open' ? { ...flag, status: 'resolved', resolution: action } : flag,
          ),
        }
      : item,
  );
}

/** Appends a further page of the queue, skipping items already listed. */
export function appendQueue(items: readonly QueueItem[], page: readonly QueueItem[]): QueueItem[] {
  const listed = new Set(items.map((item) => `${item.target.type}:${item.target.id}`));
  return [...items, ...page.filter((item) => !listed.has(`${item.target.type}:${item.target.id}`))];
}

/** What the post page's moderation offers on one post or answer (flag, and a moderator's tools). */
export type ModerationChoice = 'flag' | ModerationAction;

export interface ModeratedContent {
  targetType: ModerationTargetType;
  authorId: string;
  /** Who is looking (null: signed out, who gets no such menu). */
  person: Person | null;
  /** The viewer may delete it already through the ordinary "Delete" (author, admin). */
  deletable: boolean;
  hidden?: boolean | undefined;
  locked?: boolean | undefined;
}

const menuLabels = {
  flag: 'moderation.flag.menu',
  hide: 'moderation.menu.hide',
  restore: 'moderation.menu.restore',
  lock: 'moderation.menu.lock',
  unlock: 'moderation.menu.unlock',
  delete: 'moderation.menu.delete',
  // Dismissing is about flags, which the queue shows: the post page does not offer it.
  dismiss: 'moderation.action.dismiss',
} as const satisfies Record<ModerationChoice, MessageKey>;

/**
 * The actions-menu entries for flagging and moderating a post or answer: anyone flags what
 * others wrote; moderators hide or restore others' content, lock or unlock any thread, and
 * delete what they could not delete anyway. `open` shows the dialog for the chosen entry.
 */
export function moderationMenu(
  content: ModeratedContent,
  tr: Translate,
  open: (choice: ModerationChoice) => void,
): MenuAction[] {
  const { person } = content;
  if (person === null) return [];
  const own = person.id === content.authorId;
  const moderator = canModerate(person);
  const choices: ModerationChoice[] = [];
  if (!own) choices.push('flag');
  // Not on their own content: that is for other moderators to judge (its author edits or
  // deletes it anyway).
  if (moderator && !own) choices.push(content.hidden === true ? 'restore' : 'hide');
  if (moderator && content.targetType === 'post') {
    choices.push(content.locked === true ? 'unlock' : 'lock');
  }
  if (moderator && !own && !content.deletable) choices.push('delete');
  return choices.map((choice) => ({
    id: choice === 'flag' ? 'flag' : `moderate-${choice}`,
    label: tr(menuLabels[choice]),
    onselect: () => open(choice),
    ...(choice === 'delete' ? { tone: 'danger' as const } : {}),
  }));
}

const moderationActions: readonly string[] = [
  'hide',
  'restore',
  'dismiss',
  'lock',
  'unlock',
  'delete',
] satisfies ModerationAction[];

/** A flag's `resolution` or a notification's `detail.action` the app has words for. */
export function isModerationAction(value: unknown): value is ModerationAction {
  return typeof value === 'string' && moderationActions.includes(value);
}

/** Where a queue item leads: the thread, scrolled to the answer when it is one. */
export function queueItemLink(target: Pick<QueueItem['target'], 'type' | 'id' | 'postId'>): string {
  const thread = `#/posts/${encodeURIComponent(target.postId)}`;
  return target.type === 'answer' ? `${thread}?answer=${encodeURIComponent(target.id)}` : thread;
}

/** The catalog's name and one-line explanation of each flag reason. */
export function flagReasonText(reason: FlagReason): { label: MessageKey; hint: MessageKey } {
  return {
    label: `moderation.flag.reason.${reason}.label`,
    hint: `moderation.flag.reason.${reason}.hint`,
  };
}

/** The catalog's words for a moderator's action: its button, and what the page says once done. */
export function moderationActionText(action: ModerationAction): {
  button: MessageKey;
  done: MessageKey;
  title: MessageKey;
  message: MessageKey;
} {
  return {
    button: `moderation.action.${action}`,
    done: `moderation.done.${action}`,
    title: `moderation.dialog.${action}.title`,
    message: `moderation.dialog.${action}.message`,
  };
}
