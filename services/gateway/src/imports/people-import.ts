import type { Kysely } from 'kysely';
import { InvitationLimits, type Actor, type ImportError, type User } from '@outloud/contracts';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { isPlaceholder } from '../identity/placeholders.js';
import type { Invitations } from '../invitations/invitations.service.js';
import type { ServiceClients } from '../services/clients.js';
import type { ImportProgress } from './imports.repository.js';
import { peopleRows, type PersonRow } from './people-csv.js';

/** People CSVs are read whole before invitations go out (they list people, not content). */
export const PEOPLE_ROWS_MAX = 20_000;

/**
 * Addresses that already have an account or a pending invitation: a re-run skips them. An
 * import's placeholder is nobody's account yet, so its address is invited (to claim it).
 */
async function alreadyInvited(
  db: Kysely<IdentityDatabase>,
  emails: string[],
  now: Date,
): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const accounts = await db
    .selectFrom('identity.users')
    .select((eb) => eb.fn<string>('lower', ['email']).as('email'))
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
    .where((eb) => eb.not(isPlaceholder(eb)))
    .execute();
  const pending = await db
    .selectFrom('identity.invitations')
    .select('email')
    .where('email', 'in', emails)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .execute();
  return new Set([...accounts, ...pending].map((r) => r.email.toLowerCase()));
}

/**
 * Invites the people of a CSV through the invitations module (one email each, with their roles
 * and preset channels, named by slug). Bad rows and unknown channels are reported per line;
 * addresses with an account or a pending invitation are skipped, so a re-run sends nothing twice.
 */
export async function importPeople(
  deps: {
    db: Kysely<IdentityDatabase>;
    invitations: Invitations;
    feed: ServiceClients['feed'] | undefined;
    actor: Actor;
    inviter: Pick<User, 'displayName' | 'handle'>;
    clock: () => Date;
    setTotal: (total: number) => Promise<void>;
    report: (progress: ImportProgress) => Promise<void>;
  },
  path: string,
): Promise<void> {
  const rows: PersonRow[] = [];
  const errors: ImportError[] = [];
  for await (const row of peopleRows(path)) {
    if (rows.length + errors.length >= PEOPLE_ROWS_MAX) {
      throw new Error(`a people CSV holds at most ${PEOPLE_ROWS_MAX} rows`);
    }
    if ('message' in row) errors.push({ item: `line ${row.line}`, message: row.message });
    else rows.push(row);
  }
  await deps.setTotal(rows.length + errors.length);

  const slugs = new Map<string, string>();
  if (rows.some((r) => r.channels.length > 0)) {
    if (!deps.feed) throw new Error('channels cannot be looked up right now');
    const { items } = await deps.feed.call('listChannels', { actor: deps.actor });
    for (const channel of items) slugs.set(channel.slug, channel.id);
  }
  const groups = new Map<
    string,
    { roles: PersonRow['roles']; channelIds: string[]; emails: string[] }
  >();
  for (const row of rows) {
    const unknown = row.channels.filter((slug) => !slugs.has(slug));
    if (unknown.length > 0) {
      errors.push({ item: `line ${row.line}`, message: `no channel ${unknown.join(', ')}` });
      continue;
    }
    const roles = [...new Set(row.roles)].sort();
    const channelIds = [...new Set(row.channels.map((slug) => slugs.get(slug)!))].sort();
    const key = `${roles.join(',')}|${channelIds.join(',')}`;
    const group = groups.get(key) ?? { roles, channelIds, emails: [] };
    group.emails.push(row.email);
    groups.set(key, group);
  }
  await deps.report({ processed: errors.length, created: 0, skipped: 0, errors });

  for (const group of groups.values()) {
    const unique = [...new Set(group.emails)];
    for (let i = 0; i < unique.length; i += InvitationLimits.emailsMax) {
      const chunk = unique.slice(i, i + InvitationLimits.emailsMax);
      const skip = await alreadyInvited(deps.db, chunk, deps.clock());
      const emails = chunk.filter((email) => !skip.has(email));
      const created =
        emails.length === 0
          ? 0
          : (
              await deps.invitations.create(deps.actor, deps.inviter, {
                emails,
                ...(group.roles.length ? { roles: group.roles } : {}),
                ...(group.channelIds.length ? { channelIds: group.channelIds } : {}),
              })
            ).items.length;
      await deps.report({
        processed: chunk.length,
        created,
        skipped: chunk.length - created,
        errors: [],
      });
    }
  }
  // Rows repeating an address count as processed and skipped.
  const repeats = [...groups.values()].reduce(
    (sum, g) => sum + g.emails.length - new Set(g.emails).size,
    0,
  );
  if (repeats > 0)
    await deps.report({ processed: repeats, created: 0, skipped: repeats, errors: [] });
}
