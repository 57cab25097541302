import type { Answer, Post } from '@outloud/contracts';

/**
 * Pure updates of a post page's state (the post and its answers), used both for our own
 * actions and for live events. Answers stay in the server's order (accepted first, then score):
 * only a change of the accepted answer re-sorts, so nothing jumps while someone is voting.
 */

/** Accepted first, then by score, then oldest first; stable for everything else. */
export function sortAnswers(answers: readonly Answer[]): Answer[] {
  return [...answers].sort(
    (a, b) =>
      Number(b.accepted) - Number(a.accepted) ||
      b.score - a.score ||
      a.createdAt.localeCompare(b.createdAt),
  );
}

/** Adds a new answer at the end, or replaces the listed one with the same id. */
export function upsertAnswer(
  answers: readonly Answer[],
  answer: Answer,
): { answers: Answer[]; added: boolean } {
  const index = answers.findIndex((item) => item.id === answer.id);
  if (index === -1) return { answers: [...answers, answer], added: true };
  const current = answers[index];
  const merged = { ...answer, viewer: answer.viewer ?? current?.viewer };
  return { answers: answers.map((item, i) => (i === index ? merged : item)), added: false };
}

/**
 * Adds a further page of a thread's answers after those shown. An answer already shown (one that
 * arrived live meanwhile) takes the page's copy and place, so none is listed twice.
 */
export function appendAnswers(answers: readonly Answer[], page: readonly Answer[]): Answer[] {
  const onPage = new Set(page.map((item) => item.id));
  return [...answers.filter((item) => !onPage.has(item.id)), ...page];
}

export function removeAnswer(answers: readonly Answer[], id: string): Answer[] {
  return answers.filter((item) => item.id !== id);
}

/**
 * Applies an accept or a withdrawal (our own, or live `answer:accepted`): accepting one answer
 * un-accepts the others, since a question has at most one accepted answer.
 */
export function applyAccepted(
  post: Post,
  answers: readonly Answer[],
  answer: Answer,
): { post: Post; answers: Answer[] } {
  const others = answer.accepted
    ? answers.map((item) =>
        item.accepted && item.id !== answer.id ? { ...item, accepted: false } : item,
      )
    : answers;
  const acceptedAnswerId = answer.accepted
    ? answer.id
    : post.acceptedAnswerId === answer.id
      ? null
      : post.acceptedAnswerId;
  return {
    post: acceptedAnswerId === post.acceptedAnswerId ? post : { ...post, acceptedAnswerId },
    answers: sortAnswers(upsertAnswer(others, answer).answers),
  };
}

/**
 * Makes the answers' `accepted` flags agree with the post's `acceptedAnswerId` (a withdrawal
 * arrives live only as an updated post). Re-sorts only when a flag changed.
 */
export function syncAccepted(answers: Answer[], acceptedAnswerId: string | null): Answer[] {
  const stale = answers.some((item) => item.accepted !== (item.id === acceptedAnswerId));
  if (!stale) return answers;
  return sortAnswers(
    answers.map((item) =>
      item.accepted === (item.id === acceptedAnswerId)
        ? item
        : { ...item, accepted: item.id === acceptedAnswerId },
    ),
  );
}

/** Our own helpful vote on the post was recorded: the new score and our vote. */
export function votedPost(post: Post, voted: boolean, score: number): Post {
  return { ...post, score, viewer: { bookmarked: post.viewer?.bookmarked ?? false, voted } };
}

export function bookmarkedPost(post: Post, bookmarked: boolean): Post {
  return { ...post, viewer: { voted: post.viewer?.voted ?? false, bookmarked } };
}

/** Our own helpful vote on an answer was recorded. */
export function votedAnswer(
  answers: readonly Answer[],
  id: string,
  voted: boolean,
  score: number,
): Answer[] {
  return answers.map((item) => (item.id === id ? { ...item, score, viewer: { voted } } : item));
}
