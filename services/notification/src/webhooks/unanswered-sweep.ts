import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { queueDeliveries, takeDueWaits } from './deliveries.repository.js';
import { deliveryId, unansweredKey } from './webhook-messages.js';

const BATCH = 100;

/**
 * Queues `question.unanswered` for every wait due at `now` whose question is still open (public,
 * visible, no visible answer); answered, hidden or deleted questions just end their wait. Each
 * batch is one transaction holding its waits, so concurrent sweeps never queue one twice.
 */
export async function sweepUnanswered(db: Kysely<NotifyDB>, now: Date): Promise<number> {
  let queued = 0;
  for (;;) {
    const taken = await db.transaction().execute(async (trx) => {
      const due = await takeDueWaits(trx, now, BATCH);
      queued += await queueDeliveries(
        trx,
        due
          .filter((wait) => wait.open)
          .map((wait) => ({
            id: deliveryId(wait.webhookId, unansweredKey(wait.postId)),
            webhookId: wait.webhookId,
            event: 'question.unanswered' as const,
            eventKey: unansweredKey(wait.postId),
            message: wait.message,
            createdAt: now,
          })),
      );
      return due.length;
    });
    if (taken < BATCH) return queued;
  }
}
