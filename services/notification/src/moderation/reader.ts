import { canModerate, type Actor } from '@outloud/contracts';
import type { Reader } from '../notifications/notifications.repository.js';

/** Moderators and admins work the review queue, so they still see hidden content. */
export function readerOf(actor: Pick<Actor, 'roles'>): Reader {
  return { seesHidden: canModerate(actor) };
}
