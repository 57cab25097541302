import type { ExpertEvidence } from '@outloud/contracts';

/** "1 answer", "3 answers". */
export function countOf(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/**
 * What someone has done on a topic, in one line, strongest evidence first:
 * "3 accepted answers · 5 answers · 12 helpful votes". Zero counts are left out.
 */
export function evidenceSummary(evidence: Omit<ExpertEvidence, 'samplePostIds'>): string {
  const parts = [
    [evidence.acceptedAnswers, 'accepted answer', 'accepted answers'],
    [evidence.answers, 'answer', 'answers'],
    [evidence.tips, 'tip', 'tips'],
    [evidence.helpfulVotes, 'helpful vote', 'helpful votes'],
  ] as const;
  const shown = parts
    .filter(([count]) => count > 0)
    .map(([count, one, many]) => countOf(count, one, many));
  return shown.length === 0 ? 'No answers or tips yet' : shown.join(' · ');
}

/** An expertise score for people to read: at most one decimal ("12.5", "3"). */
export function formatScore(score: number): string {
  return score.toLocaleString('en', { maximumFractionDigits: 1 });
}
