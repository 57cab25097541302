import type {
  AnswerRevisionList,
  ChannelFreshness,
  FreshnessReport,
  Post,
  PostResponse,
  ReviewAction,
  RoutingInsights,
} from '@outloud/contracts';
import { request, type PageParams } from './api';
import { canModerate, type Person } from './permissions';

/**
 * Knowledge that stays trustworthy, as the web app sees it: questions closed as duplicates,
 * reviews of tips and accepted answers, answers' edit history, and the figures L&D reads.
 * The API calls first, then the pure rules the components ask.
 */

const seg = (value: string): string => encodeURIComponent(value);

export const knowledgeApi = {
  /** Closes a question as a duplicate of `of` (the asker, a moderator or an admin). */
  closeAsDuplicate: (postId: string, of: string) =>
    request<PostResponse>('POST', `/posts/${seg(postId)}/duplicate`, { of }),
  /** Opens a question closed as a duplicate again. */
  reopen: (postId: string) => request<PostResponse>('DELETE', `/posts/${seg(postId)}/duplicate`),
  /** "Still true" (`confirm`) or "outdated"; `nextReviewAt` overrides the channel's period. */
  review: (postId: string, action: ReviewAction, nextReviewAt?: string) =>
    request<PostResponse>('PUT', `/posts/${seg(postId)}/review`, {
      action,
      ...(nextReviewAt === undefined ? {} : { nextReviewAt }),
    }),
  /** Hands the review of a tip or accepted answer over to another member. */
  handOver: (postId: string, userId: string) =>
    request<PostResponse>('PUT', `/posts/${seg(postId)}/review-owner`, { userId }),
  answerRevisions: (answerId: string, page: PageParams = {}) => {
    const params = new URLSearchParams();
    if (page.cursor !== undefined) params.set('cursor', page.cursor);
    if (page.limit !== undefined) params.set('limit', String(page.limit));
    const query = params.toString();
    return request<AnswerRevisionList>(
      'GET',
      `/answers/${seg(answerId)}/revisions${query === '' ? '' : `?${query}`}`,
    );
  },
  /** Removes an earlier version's text from an answer's history (its author or an admin). */
  redactAnswerRevision: (answerId: string, revisionId: string) =>
    request<void>('DELETE', `/answers/${seg(answerId)}/revisions/${seg(revisionId)}`),
  freshness: () => request<FreshnessReport>('GET', '/insights/freshness'),
  routing: (days: number) => request<RoutingInsights>('GET', `/insights/routing?days=${days}`),
} as const;

// Who may do what. The server decides; these only keep buttons away from people it would refuse.

/** The asker, a moderator or an admin closes an open question as a duplicate. */
export function canCloseAsDuplicate(person: Person, post: Post): boolean {
  if (post.kind !== 'question' || (post.duplicateOf ?? null) !== null) return false;
  return post.author.id === person.id || canModerate(person);
}

/** The same people open a question closed as a duplicate again. */
export function canReopen(person: Person, post: Post): boolean {
  if ((post.duplicateOf ?? null) === null) return false;
  return post.author.id === person.id || canModerate(person);
}

/** The review owner, a moderator or an admin says whether reviewed content is still true. */
export function canReview(person: Person, post: Post): boolean {
  const owner = post.reviewOwner ?? null;
  if (owner === null) return false;
  return owner.id === person.id || canModerate(person);
}

/** The owner, the author, a moderator or an admin hands a review over to someone else. */
export function canHandOver(person: Person, post: Post): boolean {
  const owner = post.reviewOwner ?? null;
  if (owner === null) return false;
  return owner.id === person.id || post.author.id === person.id || canModerate(person);
}

/**
 * Where reviewed content stands at `now` (milliseconds): `outdated` (marked no longer true),
 * `due` (its review date passed), `scheduled` (a date ahead), `unscheduled` (the channel asks
 * for no reviews); null when nothing here is reviewed.
 */
export type ReviewState = 'outdated' | 'due' | 'scheduled' | 'unscheduled';

export function reviewState(post: Post, now: number): ReviewState | null {
  if ((post.reviewOwner ?? null) === null) return null;
  if (post.outdated === true) return 'outdated';
  const dueAt = post.reviewDueAt ?? null;
  if (dueAt === null) return 'unscheduled';
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return 'unscheduled';
  return due <= now ? 'due' : 'scheduled';
}

/** A question the duplicate picker offers. */
export interface PickableQuestion {
  id: string;
  title: string;
  /** Unknown for an original reached through one of its duplicates. */
  answerCount: number | null;
}

/** What search and "similar questions" return, as far as the picker reads it. */
export interface QuestionLike {
  id: string;
  title: string;
  answerCount: number;
  /** A duplicate's original (search hits carry it; similar questions are originals already). */
  original?: { id: string; title: string } | null;
}

/**
 * The questions to offer as the original of `selfId`: a duplicate is replaced by its original
 * (closing onto a duplicate would send answers one step further), the question itself and
 * repeats are left out, and the order is kept.
 */
export function duplicateCandidates(
  items: readonly QuestionLike[],
  selfId: string,
): PickableQuestion[] {
  const seen = new Set<string>([selfId]);
  const out: PickableQuestion[] = [];
  for (const item of items) {
    const original = item.original ?? null;
    const candidate: PickableQuestion =
      original === null
        ? { id: item.id, title: item.title, answerCount: item.answerCount }
        : { id: original.id, title: original.title, answerCount: null };
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    out.push(candidate);
  }
  return out;
}

/** Where a search hit leads: a duplicate's original, else the hit itself. */
export function hitTarget(hit: { id: string; original?: { id: string } | null }): string {
  return hit.original?.id ?? hit.id;
}

// Channel settings: review periods in days, routing delays in minutes; null is "never".

/** Review periods a channel owner picks from (a month to two years). */
export const REVIEW_PERIOD_CHOICES: readonly number[] = [30, 90, 180, 365, 730];
/** Delays before a waiting question goes to likely experts (a quarter hour to a day). */
export const ROUTING_DELAY_CHOICES: readonly number[] = [15, 30, 60, 120, 240, 1440];

/** The choices, plus the channel's current value if it was set to something else (by the API). */
export function choicesWith(
  choices: readonly number[],
  current: number | null | undefined,
): number[] {
  if (current === null || current === undefined || choices.includes(current)) return [...choices];
  return [...choices, current].sort((a, b) => a - b);
}

/** A span of time in the largest whole unit: 180 days → 6 months, 365 → 1 year. */
export function periodParts(days: number): { unit: 'years' | 'months' | 'days'; count: number } {
  if (days % 365 === 0) return { unit: 'years', count: days / 365 };
  if (days % 30 === 0) return { unit: 'months', count: days / 30 };
  return { unit: 'days', count: days };
}

/**
 * Minutes in the unit people read them in: whole days or hours when they divide evenly,
 * minutes under two hours, else hours (two days and more: days), to one decimal.
 */
export function durationParts(minutes: number): {
  unit: 'days' | 'hours' | 'minutes';
  count: number;
} {
  const tenth = (value: number): number => Math.round(value * 10) / 10;
  if (minutes > 0 && minutes % 1440 === 0) return { unit: 'days', count: minutes / 1440 };
  if (minutes > 0 && minutes % 60 === 0) return { unit: 'hours', count: minutes / 60 };
  if (minutes < 120) return { unit: 'minutes', count: Math.round(minutes) };
  if (minutes < 2880) return { unit: 'hours', count: tenth(minutes / 60) };
  return { unit: 'days', count: tenth(minutes / 1440) };
}

// Review dates: a date field gives a calendar day; the API takes a moment.

/** `YYYY-MM-DD` of the local day after `now`: the earliest next review one can choose. */
export function tomorrowIso(now: Date): string {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`;
}

/** A chosen day as the moment to ask again (9:00 local time), or undefined for none or nonsense. */
export function nextReviewFrom(day: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (match === null) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const moment = new Date(year, month - 1, date, 9);
  if (moment.getMonth() !== month - 1 || moment.getDate() !== date) return undefined;
  return moment.toISOString();
}

// Figures for L&D.

/** The share (0–1) of a channel's reviewed content that is neither due nor outdated. */
export function freshShare(item: Pick<ChannelFreshness, 'reviewed' | 'due' | 'outdated'>) {
  if (item.reviewed <= 0) return null;
  return Math.max(0, item.reviewed - item.due - item.outdated) / item.reviewed;
}

/** The share (0–1) of routed questions answered since; null when none was routed. */
export function answeredShare(figures: Pick<RoutingInsights, 'routed' | 'answered'>) {
  return figures.routed <= 0 ? null : figures.answered / figures.routed;
}

/** Channels worst first: most outdated and due, then by name. */
export function sortFreshness(items: readonly ChannelFreshness[]): ChannelFreshness[] {
  return [...items].sort(
    (a, b) =>
      b.outdated + b.due - (a.outdated + a.due) ||
      a.channel.name.localeCompare(b.channel.name, undefined, { sensitivity: 'base' }),
  );
}

/** L&D and admins read the freshness report (managers see routing figures only). */
export function readsFreshness(roles: readonly string[]): boolean {
  return roles.includes('ld') || roles.includes('admin');
}
