import type { ExpertEvidence } from '@outloud/contracts';
import { translate, type MessageKey } from '../i18n';
import { formatNumber } from './format';

/** The counts of someone's evidence, without the sample posts. */
export type EvidenceCounts = Omit<ExpertEvidence, 'samplePostIds' | 'samplePosts'>;

/**
 * What someone has done on a topic, in one line, strongest evidence first:
 * "3 accepted answers · 5 answers · 12 helpful votes". Zero counts are left out.
 */
export function evidenceSummary(evidence: EvidenceCounts): string {
  const parts: [count: number, key: MessageKey][] = [
    [evidence.acceptedAnswers, 'people.evidence.acceptedCount'],
    [evidence.answers, 'people.evidence.answerCount'],
    [evidence.tips, 'people.evidence.tipCount'],
    [evidence.helpfulVotes, 'people.evidence.voteCount'],
  ];
  const shown = parts
    .filter(([count]) => count > 0)
    .map(([count, key]) => translate(key, { count }));
  return shown.length === 0 ? translate('people.evidence.nothing') : shown.join(' · ');
}

/** An expertise score for people to read: at most one decimal ("12.5", "3"). */
export function formatScore(score: number): string {
  return formatNumber(Math.round(score * 10) / 10);
}
