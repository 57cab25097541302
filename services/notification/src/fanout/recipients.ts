import type { NotificationType } from '@outloud/contracts';

/** Someone who may hear about an event, and why. */
export interface Candidate {
  userId: string;
  type: NotificationType;
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
  const best = new Map<string, NotificationType>();
  for (const { userId, type } of candidates) {
    if (userId === rules.actorId || rules.muted(userId, type)) continue;
    const current = best.get(userId);
    if (current === undefined || PRIORITY[type] < PRIORITY[current]) best.set(userId, type);
  }
  const chosen: Candidate[] = [];
  for (const [userId, type] of best) {
    if (rules.canSee(userId)) chosen.push({ userId, type });
  }
  return chosen;
}
