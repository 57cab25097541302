import { locale, waitLocale } from 'svelte-i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceSummary, formatScore } from './experts';
import { replyCount } from './posts';

const nothing = { answers: 0, acceptedAnswers: 0, tips: 0, helpfulVotes: 0 };

describe('evidenceSummary', () => {
  it('lists accepted answers, answers, tips and helpful votes in that order', () => {
    expect(evidenceSummary({ answers: 5, acceptedAnswers: 3, tips: 2, helpfulVotes: 12 })).toBe(
      '3 accepted answers · 5 answers · 2 tips · 12 helpful votes',
    );
  });

  it('leaves out zero counts and uses the singular for one', () => {
    expect(evidenceSummary({ ...nothing, answers: 1, acceptedAnswers: 1 })).toBe(
      '1 accepted answer · 1 answer',
    );
    expect(evidenceSummary({ ...nothing, tips: 1, helpfulVotes: 1 })).toBe(
      '1 tip · 1 helpful vote',
    );
  });

  it('says so when there is nothing to count', () => {
    expect(evidenceSummary(nothing)).toBe('No answers or tips yet');
  });

  it('groups thousands', () => {
    expect(evidenceSummary({ ...nothing, helpfulVotes: 1500 })).toBe('1,500 helpful votes');
  });
});

describe('formatScore', () => {
  it('shows at most one decimal', () => {
    expect(formatScore(12.456)).toBe('12.5');
    expect(formatScore(3)).toBe('3');
    expect(formatScore(0.04)).toBe('0');
  });
});

describe('in German', () => {
  afterEach(async () => {
    await locale.set('en');
  });

  it('counts with German plurals and number grouping', async () => {
    await locale.set('de');
    await waitLocale('de');
    expect(evidenceSummary({ ...nothing, acceptedAnswers: 1, helpfulVotes: 1500 })).toBe(
      '1 akzeptierte Antwort · 1.500 Hilfreich-Stimmen',
    );
    expect(replyCount('question', 2)).toBe('2 Antworten');
    expect(formatScore(12.456)).toBe('12,5');
  });
});
