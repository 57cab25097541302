import type { Kysely } from 'kysely';
import type { Actor, Names, UpdateProfileBody, User } from '@outloud/contracts';
import { AppError, errors } from '../core/errors.js';
import { toPrivateUser, type PrivateUserRow } from '../identity/identity.logic.js';
import type { IdentityRepository } from '../identity/identity.repository.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { enqueueUserChanged } from '../identity/user-events.js';
import { newStorageKey, type FileStorage } from '../storage/file-storage.js';
import { makeAvatar } from './avatar-image.js';
import { profileChanges, type ProfileChanges } from './profile.logic.js';

export interface ProfilesDeps {
  db: Kysely<IdentityDatabase>;
  repository: IdentityRepository;
  /** Where avatars are kept; nothing else is stored there. */
  avatars: FileStorage;
  names: Pick<Names, 'subject'>;
  clock: () => Date;
  /** Told about an old picture that could not be removed (it is no longer served by anyone). */
  onOrphan: (key: string, error: unknown) => void;
  /** Told after a committed change, so that no gateway keeps the person's old profile. */
  credentialsChanged?: (change: { user: string }) => Promise<void>;
}

function gone(): AppError {
  return new AppError('unauthenticated', 'Sign in to continue.');
}

/**
 * A person's own profile: the fields they write about themselves and their picture. Name and
 * picture and language changes are announced (identity outbox, same transaction), so the feed's authors and
 * search's people follow.
 */
export function createProfiles(deps: ProfilesDeps) {
  const { db, repository, clock } = deps;

  /**
   * Writes the changes under a lock on the person's row and announces a new name, picture or
   * language (digests are written in it).
   * Returns the person as they see themselves and the picture they had before.
   */
  async function write(
    actor: Actor,
    changes: ProfileChanges & { avatarKey?: string | null },
  ): Promise<{ row: PrivateUserRow; previousAvatar: string | null }> {
    const written = await db.transaction().execute(async (trx) => {
      const before = await repository.lockProfile(actor.id, trx);
      if (!before) throw gone();
      const row = await repository.updateProfile(actor.id, changes, trx);
      if (!row) throw gone();
      if (
        before.displayName !== row.displayName ||
        before.avatarKey !== row.avatarKey ||
        before.locale !== row.locale
      ) {
        await enqueueUserChanged(trx, deps.names, row, actor, clock());
      }
      return { row, previousAvatar: before.avatarKey };
    });
    await deps.credentialsChanged?.({ user: actor.id });
    return written;
  }

  return {
    async update(actor: Actor, body: UpdateProfileBody): Promise<User> {
      const checked = profileChanges(body);
      if (!checked.changes) throw errors.validation(checked.problems);
      return toPrivateUser((await write(actor, checked.changes)).row);
    },

    /**
     * Replaces the person's picture: the upload becomes a new file under a new key; the old file
     * is removed once the change has committed (until then, it is the one in use).
     */
    async setAvatar(actor: Actor, upload: Buffer): Promise<User> {
      const image = await makeAvatar(upload);
      const key = newStorageKey('webp');
      await deps.avatars.put(key, image, 'image/webp');
      let written: Awaited<ReturnType<typeof write>>;
      try {
        written = await write(actor, { avatarKey: key });
      } catch (error) {
        await removeFile(key);
        throw error;
      }
      if (written.previousAvatar !== null) await removeFile(written.previousAvatar);
      return toPrivateUser(written.row);
    },

    async removeAvatar(actor: Actor): Promise<User> {
      const { row, previousAvatar } = await write(actor, { avatarKey: null });
      if (previousAvatar !== null) await removeFile(previousAvatar);
      return toPrivateUser(row);
    },
  };

  /** Best effort: a file left behind costs disk space; no profile links to it any more. */
  async function removeFile(key: string): Promise<void> {
    await deps.avatars.delete(key).catch((error: unknown) => deps.onOrphan(key, error));
  }
}

export type Profiles = ReturnType<typeof createProfiles>;
