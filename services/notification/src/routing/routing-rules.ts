/**
 * The expert-routing rule, as pure decisions over facts the repository reads. A question that has
 * waited its channel's delay without an answer is routed once to the best-ranked people who may
 * see it and still have room today; one still unanswered after the escalation delay goes once to
 * the channel's owner and L&D.
 */
export interface RoutingSettings {
  /** Minutes a question waits when its channel's events do not say (channel events older than the setting). */
  defaultDelayMinutes: number;
  /** People asked about one question at most. */
  maxExperts: number;
  /** Expert requests one person gets in 24 hours at most. */
  requestsPerDay: number;
  /** Hours after it was asked that a still unanswered question goes to the channel's owner and L&D. */
  escalateAfterHours: number;
}

export const DEFAULT_ROUTING: RoutingSettings = Object.freeze({
  defaultDelayMinutes: 30,
  maxExperts: 3,
  requestsPerDay: 3,
  escalateAfterHours: 48,
});

/** Search is asked for this many ranked people, so that a few left out still leave enough. */
export const CANDIDATES_ASKED = 20;

/** What is known about the people search ranked for one question. */
export interface CandidateFacts {
  askerId: string;
  /** Who may see the question's channel ('everyone' for a public one). */
  viewers: 'everyone' | ReadonlySet<string>;
  /** Suspended or deactivated. */
  inactive: ReadonlySet<string>;
  /** Turned `expert_request` off. */
  optedOut: ReadonlySet<string>;
  /** Expert requests each person had in the last 24 hours (absent: none). */
  requestsToday: ReadonlyMap<string, number>;
  /** Already asked about this question. */
  alreadyAsked: ReadonlySet<string>;
}

/** Whether this person may be told about the question at all (routing and escalation alike). */
export function mayBeAsked(userId: string, facts: CandidateFacts): boolean {
  return (
    userId !== facts.askerId &&
    (facts.viewers === 'everyone' || facts.viewers.has(userId)) &&
    !facts.inactive.has(userId) &&
    !facts.optedOut.has(userId) &&
    !facts.alreadyAsked.has(userId)
  );
}

/**
 * The experts to ask, best first: those search ranked (in its order) who may be asked and have had
 * fewer than the daily cap of requests, at most `maxExperts`.
 */
export function chooseExperts(
  ranked: readonly string[],
  facts: CandidateFacts,
  settings: Pick<RoutingSettings, 'maxExperts' | 'requestsPerDay'>,
): string[] {
  const chosen: string[] = [];
  for (const userId of new Set(ranked)) {
    if (chosen.length >= settings.maxExperts) break;
    if (!mayBeAsked(userId, facts)) continue;
    if ((facts.requestsToday.get(userId) ?? 0) >= settings.requestsPerDay) continue;
    chosen.push(userId);
  }
  return chosen;
}

/** The channel's owner and L&D who may be asked, each once (escalations have no daily cap). */
export function chooseEscalation(
  ownerId: string | null,
  ldIds: readonly string[],
  facts: CandidateFacts,
): string[] {
  const everyone = new Set([...(ownerId ? [ownerId] : []), ...ldIds]);
  return [...everyone].filter((userId) => mayBeAsked(userId, facts));
}

/** What search is asked about: the question's title and tags, within its limits. */
export function topicOf(question: { title: string; tags: readonly string[] }): string {
  return [question.title, ...question.tags].join(' ').trim().slice(0, 300);
}
