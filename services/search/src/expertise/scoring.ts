/**
 * Expertise score of a person for a set of tags, over the contributions the reader may see:
 *
 *   score = Σ over their posts and answers with one of the tags
 *             (base + helpful votes) × 0.5 ^ (age in days / 180)
 *
 *   base: tip 3, announcement 1, question 0, answer 2, accepted answer 2 + 4.
 *
 * An accepted answer is worth three plain ones, a vote one point, and everything loses half its
 * weight every 180 days, so recent, confirmed help ranks first. Profiles use the same formula
 * per tag for "top tags".
 */
export const Weights = {
  tip: 3,
  announcement: 1,
  question: 0,
  answer: 2,
  acceptedBonus: 4,
  vote: 1,
  halfLifeDays: 180,
} as const;

/** The score of one contribution (used by tests to state the expected order). */
export function contributionScore(contribution: {
  kind: 'tip' | 'announcement' | 'question' | 'answer';
  accepted?: boolean;
  votes: number;
  ageDays: number;
}): number {
  const base =
    contribution.kind === 'answer'
      ? Weights.answer + (contribution.accepted ? Weights.acceptedBonus : 0)
      : Weights[contribution.kind];
  return (
    (base + Weights.vote * Math.max(contribution.votes, 0)) *
    0.5 ** (contribution.ageDays / Weights.halfLifeDays)
  );
}
