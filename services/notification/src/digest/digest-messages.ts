import type { Locale, NotificationType } from '@outloud/contracts';
import type { DigestPost } from './collect-digest.js';

/** Every phrase of the digest email in one language; numbers arrive already formatted. */
export interface DigestMessages {
  subjectWithUnread(count: number, shown: string): string;
  subjectTopOnly: string;
  greeting(name: string): string;
  intro(day: string): string;
  unreadHeading(shown: string): string;
  someone: string;
  /** Who speaks in notifications without an actor (the app, an unnamed moderator). */
  nobody: Partial<Record<NotificationType, string>>;
  /** What `who` did, shown before the post's title. */
  says: Record<NotificationType, string>;
  andMore(shown: string): string;
  topHeading: string;
  kind: Record<DigestPost['kind'], string>;
  figures(score: string, answers: number, answersShown: string): string;
  changeWhatYouReceive: string;
}

const one = (count: number) => count === 1;

const en: DigestMessages = {
  subjectWithUnread: (count, shown) =>
    `Outloud: ${shown} unread notification${one(count) ? '' : 's'} and the day's best posts`,
  subjectTopOnly: "Outloud: the day's best posts for you",
  greeting: (name) => `Hello ${name},`,
  intro: (day) => `Your Outloud digest for ${day}.`,
  unreadHeading: (shown) => `Unread notifications (${shown})`,
  someone: 'Someone',
  nobody: { review_due: 'Outloud', flag_resolved: 'A moderator' },
  says: {
    mention: 'mentioned you in',
    answer: 'answered',
    accepted: 'accepted your answer to',
    reply: 'replied in',
    followed_post: 'posted',
    announcement: 'announced',
    expert_request: 'would like your help with',
    review_due: 'asks whether this is still true:',
    flag_resolved: 'reviewed the flags on',
  },
  andMore: (shown) => `…and ${shown} more.`,
  topHeading: 'Top posts in what you follow',
  kind: { tip: 'tip', question: 'question', announcement: 'announcement' },
  figures: (score, answers, answersShown) =>
    `${score} helpful, ${answersShown} answer${one(answers) ? '' : 's'}`,
  changeWhatYouReceive: 'Change what you receive',
};

// German in the informal "du", as the app speaks it.
const de: DigestMessages = {
  subjectWithUnread: (count, shown) =>
    `Outloud: ${shown} ungelesene ${one(count) ? 'Benachrichtigung' : 'Benachrichtigungen'} und die besten Beiträge des Tages`,
  subjectTopOnly: 'Outloud: die besten Beiträge des Tages für dich',
  greeting: (name) => `Hallo ${name},`,
  intro: (day) => `deine Outloud-Zusammenfassung vom ${day}.`,
  unreadHeading: (shown) => `Ungelesene Benachrichtigungen (${shown})`,
  someone: 'Jemand',
  nobody: { review_due: 'Outloud', flag_resolved: 'Ein Moderator' },
  says: {
    mention: 'hat dich erwähnt in',
    answer: 'hat geantwortet auf',
    accepted: 'hat deine Antwort akzeptiert bei',
    reply: 'hat geantwortet in',
    followed_post: 'hat gepostet:',
    announcement: 'hat angekündigt:',
    expert_request: 'bittet dich um Hilfe bei',
    review_due: 'fragt, ob das noch stimmt:',
    flag_resolved: 'hat die Meldungen geprüft zu',
  },
  andMore: (shown) => `…und ${shown} weitere.`,
  topHeading: 'Top-Beiträge in dem, dem du folgst',
  kind: { tip: 'Tipp', question: 'Frage', announcement: 'Ankündigung' },
  figures: (score, answers, answersShown) =>
    `${score} hilfreich, ${answersShown} ${one(answers) ? 'Antwort' : 'Antworten'}`,
  changeWhatYouReceive: 'Ändern, was du erhältst',
};

const catalogs: Record<Locale, DigestMessages> = { en, de };

/** The digest's phrases in `locale`. */
export function digestMessages(locale: Locale): DigestMessages {
  return catalogs[locale];
}
