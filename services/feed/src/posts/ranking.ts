/**
 * The "top" order: rank = log10(max(score, 1)) + (createdAt − 2026-01-01) / 45,000 s.
 *
 * Every 45,000 seconds (12.5 hours) of recency is worth as much as ten times the helpful votes,
 * so good posts rise but old ones give way to new ones. The rank depends only on the score and
 * the creation time, never on "now", so it can be stored, indexed and paged with a keyset cursor;
 * it changes only when the score does. (The form is the one Reddit made well known.)
 */
export const RANK_EPOCH = '2026-01-01T00:00:00Z';
export const RANK_DECAY_SECONDS = 45_000;

/**
 * Content its owner or a moderator marked outdated ranks as if it were 30 days older: below
 * anything current from the last month, whatever its votes (a 30-day penalty is worth 10^57 votes).
 */
export const OUTDATED_RANK_PENALTY = (30 * 24 * 60 * 60) / RANK_DECAY_SECONDS;

export function rank(score: number, createdAt: Date, outdated = false): number {
  return (
    Math.log10(Math.max(score, 1)) +
    (createdAt.getTime() - Date.parse(RANK_EPOCH)) / 1000 / RANK_DECAY_SECONDS -
    (outdated ? OUTDATED_RANK_PENALTY : 0)
  );
}

/** Questions older than this leave the "unanswered" list. */
export const UNANSWERED_WINDOW_DAYS = 30;
