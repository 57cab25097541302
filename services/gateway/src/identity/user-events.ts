import type { Kysely } from 'kysely';
import { createEnvelope, enqueueEvents } from '@outloud/bus';
import {
  IdentityEvents,
  type Actor,
  type Locale,
  type Names,
  type UserStatus,
} from '@outloud/contracts';
import { avatarUrlOf } from './identity.logic.js';
import type { IdentityDatabase } from './identity.tables.js';

export const IDENTITY_SCHEMA = 'identity';

/**
 * Announces that a person's name, picture, status or language changed, through the identity outbox in the
 * caller's transaction: the feed's authors, notification recipients and search's people follow.
 */
export async function enqueueUserChanged(
  trx: Kysely<IdentityDatabase>,
  names: Pick<Names, 'subject'>,
  user: {
    id: string;
    handle: string;
    displayName: string;
    avatarKey: string | null;
    status: UserStatus;
    locale: Locale | null;
    /** Announced only by those who know it; consumers keep what they have when it is absent. */
    browserLocale?: Locale | null;
  },
  actor: Actor | null,
  now: Date,
): Promise<void> {
  const event = IdentityEvents['identity.user.changed.v1'];
  const envelope = createEnvelope(
    'identity.user.changed.v1',
    {
      id: user.id,
      handle: user.handle,
      displayName: user.displayName,
      avatarUrl: avatarUrlOf(user.avatarKey),
      status: user.status,
      locale: user.locale,
      ...(user.browserLocale === undefined ? {} : { browserLocale: user.browserLocale }),
    },
    actor,
    now,
  );
  await enqueueEvents(trx, IDENTITY_SCHEMA, [{ subject: names.subject(event.subject), envelope }]);
}
