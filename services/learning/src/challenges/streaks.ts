/**
 * Streaks and check-in windows.
 *
 * - A check-in for day n counts when it is made on day n or the day after (one day of grace,
 *   for late evenings and people in other zones), never before day n starts.
 * - The current streak counts consecutive checked-in days back from today; today itself may
 *   still be open, so an unchecked today does not break it (it starts from yesterday then).
 *   Once the challenge is over it counts back from the last day.
 * - Missing a day breaks the streak but not participation: later days still count.
 */

export const GRACE_DAYS = 1;

export type CheckInWindow = 'open' | 'not_started' | 'closed';

/** Whether a check-in made on challenge day `today` may count for day `day`. */
export function checkInWindow(day: number, today: number, days: number): CheckInWindow {
  if (day < 1 || day > days || today < day) return 'not_started';
  return today - day <= GRACE_DAYS ? 'open' : 'closed';
}

export interface StreakSummary {
  currentStreak: number;
  bestStreak: number;
  completed: boolean;
}

export function summarizeStreak(
  checkedDays: readonly number[],
  today: number,
  days: number,
): StreakSummary {
  const checked = new Set(checkedDays.filter((d) => d >= 1 && d <= days));
  let best = 0;
  let run = 0;
  for (let d = 1; d <= days; d++) {
    run = checked.has(d) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  let from = Math.min(today, days);
  if (from >= 1 && !checked.has(from) && today <= days) from -= 1;
  let current = 0;
  for (let d = from; d >= 1 && checked.has(d); d--) current++;
  return { currentStreak: current, bestStreak: best, completed: checked.size === days };
}
