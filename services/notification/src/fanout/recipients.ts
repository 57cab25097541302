import type { NotificationType } from '@outloud/contracts';
import type { NotificationDetail } from '../db.js';

/** Someone who may hear about an event, and why. */
export interface Candidate {
  userId: string;
  type: NotificationType;
  /** What this person is told beyond the post (e.g. a moderator's action and reason). */
  detail?: NotificationDetail;
}

/**
 * When one event concerns a person for several reasons, they get one notification, of the most
 * specific kind: being named beats being the asker, which beats having taken part, which beats
 * following.
 */
const PRIORITY: Record<NotificationType, number> = {
  mention: 0,
  accepted: 1,
  answer: 2,
  reply: 3,
  announcement: 4,
  followed_post: 5,
  // Each comes from an event of its own, so they never compete with the kinds above.
  expert_request: 6,
  review_due: 7,
  flag_resolved: 8,
};

/**
 * One notification per person: the most specific reason they have not muted wins; the actor and
 * anyone who cannot see the content are left out.
 */
export function chooseRecipients(
  candidates: readonly Candidate[],
  rules: {
    actorId: string | null;
    canSee: (userId: string) => boolean;
    muted: (userId: string, type: NotificationType) => boolean;
  },
): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const { userId, type } = candidate;
    if (userId === rules.actorId || rules.muted(userId, type)) continue;
    const current = best.get(userId);
    // On a tie the first reason stays (e.g. the author's detail over the flagger's).
    if (current === undefined || PRIORITY[type] < PRIORITY[current.type])
      best.set(userId, candidate);
  }
  const chosen: Candidate[] = [];
  for (const [userId, candidate] of best) {
    if (rules.canSee(userId)) chosen.push(candidate);
  }
  return chosen;
}
