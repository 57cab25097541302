import type {
  AddEvidenceBody,
  Badge,
  Challenge,
  ChallengeListQuery,
  ChallengePage,
  ChallengeResponse,
  CheckInResponse,
  Cohort,
  CreateChallengeBody,
  CreateGoalBody,
  CreateLogEntryBody,
  EvidenceResponse,
  Goal,
  GoalMetric,
  GoalPage,
  GoalResponse,
  GoalWithEvidence,
  Insights,
  LearningVisibility,
  LogEntryResponse,
  LogPage,
  ManagerResponse,
  Portfolio,
  UpdateGoalBody,
} from '@outloud/contracts';
import { currentLocale, translate } from '../i18n';
import { request } from './api';
import { formatNumber } from './format';

/** The learning screens, addressed by the URL hash next to the app's own routes. */
export type LearningRoute =
  | { name: 'goals' }
  | { name: 'portfolio'; handle: string }
  | { name: 'challenges' }
  | { name: 'challenge'; id: string }
  | { name: 'insights' };

export const learningHref = {
  goals: '#/goals',
  portfolio: (handle: string) => `#/users/${encodeURIComponent(handle)}/portfolio`,
  challenges: '#/challenges',
  challenge: (id: string) => `#/challenges/${encodeURIComponent(id)}`,
  insights: '#/insights',
} as const;

/** The learning route a hash addresses, or null when it is one of the app's other pages. */
export function parseLearningRoute(hash: string): LearningRoute | null {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter((p) => p !== '');
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  if (parts.length === 1 && parts[0] === 'goals') return { name: 'goals' };
  if (parts.length === 1 && parts[0] === 'challenges') return { name: 'challenges' };
  if (parts.length === 1 && parts[0] === 'insights') return { name: 'insights' };
  if (parts.length === 2 && parts[0] === 'challenges')
    return { name: 'challenge', id: decode(parts[1]!) };
  if (parts.length === 3 && parts[0] === 'users' && parts[2] === 'portfolio')
    return { name: 'portfolio', handle: decode(parts[1]!) };
  return null;
}

const seg = (value: string): string => encodeURIComponent(value);
const qs = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const learningApi = {
  goals: (cursor?: string) => request<GoalPage>('GET', `/goals${qs({ cursor, limit: 50 })}`),
  goal: (id: string) => request<GoalWithEvidence>('GET', `/goals/${seg(id)}`),
  createGoal: (body: CreateGoalBody) => request<GoalResponse>('POST', '/goals', body),
  updateGoal: (id: string, body: UpdateGoalBody) =>
    request<GoalResponse>('PATCH', `/goals/${seg(id)}`, body),
  deleteGoal: (id: string) => request<void>('DELETE', `/goals/${seg(id)}`),
  addEvidence: (goalId: string, body: AddEvidenceBody) =>
    request<EvidenceResponse>('POST', `/goals/${seg(goalId)}/evidence`, body),
  deleteEvidence: (goalId: string, evidenceId: string) =>
    request<void>('DELETE', `/goals/${seg(goalId)}/evidence/${seg(evidenceId)}`),
  manager: () => request<ManagerResponse>('GET', '/goals/manager'),
  setManager: (handle: string | null) =>
    request<ManagerResponse>('PUT', '/goals/manager', { handle }),
  log: (cursor?: string) => request<LogPage>('GET', `/log${qs({ cursor, limit: 50 })}`),
  writeLog: (body: CreateLogEntryBody) => request<LogEntryResponse>('POST', '/log', body),
  deleteLog: (id: string) => request<void>('DELETE', `/log/${seg(id)}`),
  portfolio: (handle: string) => request<Portfolio>('GET', `/users/${seg(handle)}/portfolio`),
  challenges: (query: ChallengeListQuery = {}) =>
    request<ChallengePage>('GET', `/challenges${qs({ ...query })}`),
  challenge: (id: string) => request<ChallengeResponse>('GET', `/challenges/${seg(id)}`),
  createChallenge: (body: CreateChallengeBody) =>
    request<ChallengeResponse>('POST', '/challenges', body),
  joinChallenge: (id: string) => request<ChallengeResponse>('POST', `/challenges/${seg(id)}/join`),
  leaveChallenge: (id: string) =>
    request<ChallengeResponse>('POST', `/challenges/${seg(id)}/leave`),
  checkIn: (id: string, day: number, body: string) =>
    request<CheckInResponse>('POST', `/challenges/${seg(id)}/days/${day}/checkin`, { body }),
  cohort: (id: string) => request<Cohort>('GET', `/challenges/${seg(id)}/cohort`),
  insights: (channelId: string, days?: number) =>
    request<Insights>('GET', `/insights${qs({ channelId, days })}`),
  markCampaign: (postId: string, name: string) =>
    request<void>('PUT', `/insights/campaigns/${seg(postId)}`, { name }),
};

/** Exports open as plain pages of the API (the browser sends the session cookie). */
export const exportHref = {
  markdown: '/api/v1/goals/export?format=markdown',
  html: '/api/v1/goals/export?format=html',
} as const;

export const GOAL_METRICS = [
  'answers',
  'accepted_answers',
  'tips',
  'questions',
  'posts',
] as const satisfies readonly GoalMetric[];
export const LEARNING_VISIBILITIES = [
  'private',
  'manager',
  'public',
] as const satisfies readonly LearningVisibility[];

/** "answers to questions": what a measured goal counts, in the app's language. */
export function metricLabel(metric: GoalMetric): string {
  return translate(`learning.metric.${metric}`);
}

/** "Only me", "Me and my manager", "Everyone (on my profile)". */
export function visibilityLabel(visibility: LearningVisibility): string {
  return translate(`learning.visibility.${visibility}`);
}

/** A badge's short name and what earned it. */
export function badgeLabel(badge: Badge): { label: string; title: string } {
  return {
    label: translate(`learning.badge.${badge}.label`),
    title: translate(`learning.badge.${badge}.title`),
  };
}

/** "3 of 5 answers to questions tagged kubernetes", or "40% done" for goals updated by hand. */
export function progressText(goal: Goal): string {
  if (!goal.measure) return translate('learning.progress.manual', { percent: goal.progress });
  const values = {
    progress: formatNumber(goal.progress),
    count: formatNumber(goal.measure.count),
    metric: metricLabel(goal.measure.metric),
  };
  return goal.measure.tag
    ? translate('learning.progress.measuredTagged', { ...values, tag: goal.measure.tag })
    : translate('learning.progress.measured', values);
}

/** Progress as a percentage for a progress bar, 0–100. */
export function progressPercent(goal: Pick<Goal, 'progress' | 'progressTarget'>): number {
  if (goal.progressTarget <= 0) return 0;
  return Math.min(100, Math.round((goal.progress / goal.progressTarget) * 100));
}

/** Whether someone may open the insights page and create challenges. */
export function leadsLearning(roles: readonly string[]): boolean {
  return roles.some((r) => r === 'ld' || r === 'manager' || r === 'admin');
}

/** Today's calendar date in the browser's zone, for date fields. */
export function todayIso(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** The browser's IANA zone, the default for new challenges. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Splits a text area into one prompt per non-empty line. */
export function promptsFrom(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Formats a 0–1 share as a percentage in the app's language, or a dash when withheld. */
export function percentText(share: number | null, locale: string = currentLocale()): string {
  if (share === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    share,
  );
}

/**
 * The longest streak running now among the challenges the person joined (0 when none runs),
 * and in how many challenges they keep one going.
 */
export function currentStreaks(challenges: readonly Pick<Challenge, 'me'>[]): {
  longest: number;
  running: number;
} {
  const streaks = challenges
    .filter((c) => c.me.joined && c.me.currentStreak > 0)
    .map((c) => c.me.currentStreak);
  return { longest: Math.max(0, ...streaks), running: streaks.length };
}
