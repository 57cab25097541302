import type { Challenge, ChallengeProgress } from '@outloud/contracts';
import type { ChallengeRow } from './challenges.repository.js';
import { dateOfDay, dayAt } from './calendar.js';
import { summarizeStreak } from './streaks.js';

/** The smallest group whose counts are shown (cohorts, insights): fewer people could be told apart. */
export const MIN_GROUP_SIZE = 5;

export function progressView(
  row: Pick<ChallengeRow, 'days'>,
  today: number,
  joinedAt: Date | undefined,
  days: number[],
): ChallengeProgress {
  const streak = summarizeStreak(days, today, row.days);
  return {
    joined: joinedAt !== undefined,
    joinedAt: joinedAt ? joinedAt.toISOString() : null,
    checkedInDays: [...days].sort((a, b) => a - b),
    ...streak,
  };
}

export function toChallenge(
  row: ChallengeRow,
  prompts: Map<number, string> | undefined,
  me: { joinedAt: Date | undefined; days: number[] },
  now: Date,
): Challenge {
  const today = dayAt(row, now);
  const open = Math.min(today, row.days);
  const openDays = [];
  for (let day = 1; day <= open; day++) {
    openDays.push({
      day,
      date: dateOfDay(row, day),
      prompt: row.prompts[day - 1] ?? '',
      postId: prompts?.get(day) ?? null,
    });
  }
  return {
    id: row.id,
    channelId: row.channelId,
    title: row.title,
    description: row.description,
    tag: row.tag,
    startDate: row.startDate,
    days: row.days,
    timeZone: row.timeZone,
    createdBy: row.createdBy.id,
    createdAt: row.createdAt.toISOString(),
    participantCount: row.participantCount,
    today,
    openDays,
    me: progressView(row, today, me.joinedAt, me.days),
  };
}

/** The post that carries a day's prompt. */
export function promptPost(
  challenge: { title: string; days: number; tag: string | null; prompts: string[] },
  day: number,
) {
  return {
    kind: 'tip' as const,
    title: `Day ${day} of ${challenge.days} · ${challenge.title}`.slice(0, 200),
    body: `${challenge.prompts[day - 1] ?? ''}\n\n*Answer this post to check in for day ${day}.*`,
    tags: challenge.tag ? [challenge.tag] : [],
  };
}
