import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuthorRef, Names } from '@outloud/contracts';
import { IdentityRepository } from '../identity/identity.repository.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { handleCandidates } from '../identity/oidc/oidc.logic.js';
import { PLACEHOLDER_REASON } from '../identity/placeholders.js';
import { enqueueUserChanged } from '../identity/user-events.js';

/** A person as a source names them; `email` null when the export has none. */
export interface SourcePerson {
  key: string;
  displayName: string;
  email: string | null;
}

export { PLACEHOLDER_REASON } from '../identity/placeholders.js';

/**
 * Addresses made up for people an export names without one: under `.invalid`, which never
 * receives mail, and stable, so a re-run finds the same placeholder.
 */
export function placeholderEmail(source: string, key: string): string {
  const safe = `${source}-${key}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  return `${safe}@imported.invalid`;
}

/**
 * Finds the Outloud account of each person an import names: the account with their email when
 * there is one, otherwise a placeholder made now, deactivated and without a password, so it
 * holds their contributions but cannot sign in. Placeholders are announced like any change of
 * a person, so search and notifications know them (as inactive). Answers are cached per import.
 */
export function createImportPeople(deps: {
  db: Kysely<IdentityDatabase>;
  names: Pick<Names, 'subject'>;
  source: string;
  clock: () => Date;
}) {
  const repository = new IdentityRepository(deps.db);
  const known = new Map<string, AuthorRef>();
  let placeholders = 0;

  async function byEmail(emails: string[]): Promise<Map<string, AuthorRef>> {
    if (emails.length === 0) return new Map();
    const rows = await deps.db
      .selectFrom('identity.users')
      .select(['id', 'handle', 'displayName', 'email'])
      .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
      .execute();
    return new Map(
      rows.map((r) => [
        r.email.toLowerCase(),
        { id: r.id, handle: r.handle, displayName: r.displayName },
      ]),
    );
  }

  async function createPlaceholder(person: SourcePerson, email: string): Promise<AuthorRef> {
    const now = deps.clock();
    const candidates = handleCandidates(
      { email, preferredUsername: person.displayName },
      () => String(randomInt(1000, 10_000)),
      12,
    );
    return deps.db.transaction().execute(async (trx) => {
      const taken = new Set(
        (
          await trx
            .selectFrom('identity.users')
            .select('handle')
            .where('handle', 'in', candidates)
            .execute()
        ).map((r) => r.handle),
      );
      const handle = candidates.find((c) => !taken.has(c));
      if (!handle) throw new Error(`no free handle for ${person.displayName}`);
      const row = await repository.createUser(
        { email, handle, displayName: person.displayName.slice(0, 80), passwordHash: null, now },
        trx,
      );
      await trx
        .updateTable('identity.users')
        .set({ status: 'deactivated', statusReason: PLACEHOLDER_REASON, statusChangedAt: now })
        .where('id', '=', row.id)
        .execute();
      await enqueueUserChanged(
        trx,
        deps.names,
        { ...row, avatarKey: null, status: 'deactivated', locale: null },
        null,
        now,
      );
      placeholders += 1;
      return { id: row.id, handle: row.handle, displayName: row.displayName };
    });
  }

  return {
    /** The accounts of these people (by `key`), matched or made. */
    async resolve(people: readonly SourcePerson[]): Promise<Map<string, AuthorRef>> {
      const missing = people.filter((p) => !known.has(p.key));
      const emailOf = (p: SourcePerson) => p.email ?? placeholderEmail(deps.source, p.key);
      const found = await byEmail([...new Set(missing.map(emailOf))]);
      for (const person of missing) {
        if (known.has(person.key)) continue;
        const email = emailOf(person);
        const ref = found.get(email) ?? (await createPlaceholder(person, email));
        found.set(email, ref);
        known.set(person.key, ref);
      }
      return new Map(people.map((p) => [p.key, known.get(p.key)!]));
    },
    get placeholdersMade() {
      return placeholders;
    },
  };
}

export type ImportPeople = ReturnType<typeof createImportPeople>;
