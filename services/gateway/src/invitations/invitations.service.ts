import type { Kysely } from 'kysely';
import { RpcError } from '@outloud/bus';
import {
  Limits,
  type Actor,
  type CreateInvitationsBody,
  type Invitation,
  type InvitationPreview,
  type InvitationStatus,
  type User,
} from '@outloud/contracts';
import { recordAudit } from '../admin/audit.js';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { decodeKeysetCursor, keysetPage } from '../core/keyset-cursor.js';
import { normalizeRoles } from '../identity/identity.logic.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { INVALID_LINK } from '../identity/one-time-tokens.js';
import { randomSecret, sha256 } from '../identity/secrets.js';
import { emailLocaleOfUser } from '../mail/email-locale.repository.js';
import { queueEmail } from '../mail/queue-email.js';
import { invitationMessage } from '../mail/templates.js';
import type { ServiceClients } from '../services/clients.js';
import { invitationStatus, mayGrant, normalizeInvitees } from './invitations.logic.js';
import { InvitationsRepository, type InvitationRow } from './invitations.repository.js';

/** Invitations one person may send in a day, so an account cannot be used to spam addresses. */
export const INVITATIONS_PER_DAY = 2_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Longer values are not ours; they are refused without a lookup. */
const MAX_TOKEN_LENGTH = 200;

export interface InvitationsDeps {
  db: Kysely<IdentityDatabase>;
  config: Pick<GatewayConfig, 'PUBLIC_URL' | 'INVITATION_TTL_DAYS'>;
  clock: () => Date;
  /** The feed, to check and fill preset channels; without it invitations carry no channels. */
  services?: Pick<ServiceClients, 'feed'> | undefined;
  /** A person by id (fresh roles), to act as the inviter when adding to channels. */
  findActor: (id: string) => Promise<Actor | null>;
  onChannelsChanged?: () => void;
  logger: { warn(obj: object, msg: string): void };
}

export interface InvitationsPage {
  items: Invitation[];
  nextCursor: string | null;
}

function toInvitation(row: InvitationRow, now: Date): Invitation {
  return {
    id: row.id,
    email: row.email,
    roles: normalizeRoles(row.roles),
    channelIds: row.channelIds,
    status: invitationStatus(row, now),
    invitedBy:
      row.invitedById && row.invitedByHandle
        ? { id: row.invitedById, handle: row.invitedByHandle }
        : null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
  };
}

const isAdmin = (actor: Actor) => actor.roles.includes('admin');

/**
 * Spends an invitation token while an account is made for `email`, in the caller's transaction:
 * 400 `invalid_token` when it is unknown, used, revoked or expired, 403 `forbidden` (field
 * `email`) when it was sent to another address. The row is locked, so two sign-ups racing with
 * one link cannot both succeed. Returns what the new account gets (roles) and the invitation.
 */
export async function acceptInvitation(
  trx: Kysely<IdentityDatabase>,
  token: string,
  email: string,
  now: Date,
): Promise<{
  id: string;
  email: string;
  roles: InvitationRow['roles'];
  accept: (userId: string) => Promise<void>;
}> {
  if (!token || token.length > MAX_TOKEN_LENGTH) throw new AppError('invalid_token', INVALID_LINK);
  const repository = new InvitationsRepository(trx);
  const row = await repository.findByTokenHash(trx, sha256(token), true);
  if (!row || invitationStatus(row, now) !== 'pending') {
    throw new AppError('invalid_token', INVALID_LINK);
  }
  if (row.email.toLowerCase() !== email.trim().toLowerCase()) {
    throw new AppError('forbidden', 'This invitation is for another email address.', {
      details: [{ field: 'email', message: 'must be the address the invitation was sent to' }],
    });
  }
  return {
    id: row.id,
    email: row.email,
    roles: normalizeRoles(row.roles),
    accept: (userId) => repository.accept(trx, row, userId, now),
  };
}

/** Invitations: made by admins and managers, sent by email, spent by signing up. */
export function createInvitations(deps: InvitationsDeps) {
  const { db, clock } = deps;
  const repository = new InvitationsRepository(db);
  const ttlMs = deps.config.INVITATION_TTL_DAYS * DAY_MS;

  /** Refuses preset channels the inviter could not add members to themselves. */
  async function checkChannels(actor: Actor, channelIds: readonly string[]): Promise<void> {
    if (channelIds.length === 0) return;
    const feed = deps.services?.feed;
    if (!feed) throw new AppError('unavailable', 'Channels cannot be checked right now.');
    const refused: { field: string; message: string }[] = [];
    for (const [index, id] of channelIds.entries()) {
      try {
        const { channel } = await feed.call('getChannel', { actor, id });
        if (channel.ownerId !== actor.id && !isAdmin(actor)) {
          refused.push({ field: `channelIds/${index}`, message: 'you cannot add members here' });
        }
      } catch (error) {
        if (error instanceof RpcError && error.code === 'channel_not_found') {
          refused.push({ field: `channelIds/${index}`, message: 'no such channel' });
        } else throw error;
      }
    }
    if (refused.length > 0) {
      throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
        details: refused,
      });
    }
  }

  function linkOf(token: string): string {
    const base = deps.config.PUBLIC_URL.replace(/\/+$/, '');
    return `${base}/#/invite?token=${encodeURIComponent(token)}`;
  }

  return {
    /**
     * Invites every address (lowercased, each once) and queues one email each, in one
     * transaction with the audit entry. Managers may not grant admin or moderator (403). For
     * admins, addresses that already have an account are skipped and listed; managers cannot see
     * who has an account, so their invitations are made whatever the address.
     */
    async create(
      actor: Actor,
      inviter: Pick<User, 'displayName' | 'handle'>,
      body: CreateInvitationsBody,
    ): Promise<{ items: { id: string; email: string; expiresAt: string }[]; skipped?: string[] }> {
      const roles = normalizeRoles(body.roles ?? []);
      if (!mayGrant(actor.roles, roles)) {
        throw new AppError('forbidden', 'Only admins can invite admins or moderators.');
      }
      const emails = normalizeInvitees(body.emails);
      const channelIds = body.channelIds ?? [];
      const now = clock();
      const sent = await repository.countSince(actor.id, new Date(now.getTime() - DAY_MS));
      if (sent + emails.length > INVITATIONS_PER_DAY) {
        throw new AppError(
          'rate_limited',
          `At most ${INVITATIONS_PER_DAY} invitations a day; try again tomorrow.`,
          { retryAfterSeconds: 60 * 60 },
        );
      }
      await checkChannels(actor, channelIds);
      const expiresAt = new Date(now.getTime() + ttlMs);
      return db.transaction().execute(async (trx) => {
        const existing = isAdmin(actor)
          ? await repository.emailsWithAccounts(trx, emails)
          : new Set<string>();
        const invitees = emails.filter((email) => !existing.has(email));
        await repository.revokePendingFrom(trx, actor.id, invitees, now);
        const tokens = invitees.map(() => randomSecret());
        const created = await repository.insert(
          trx,
          invitees.map((email, i) => ({
            email,
            roles,
            channelIds,
            tokenHash: sha256(tokens[i]!),
            invitedBy: actor.id,
            createdAt: now,
            expiresAt,
          })),
        );
        // Written in the inviter's language: the invitee has none known yet.
        const locale = invitees.length > 0 ? await emailLocaleOfUser(trx, actor.id) : 'en';
        for (const [i, email] of invitees.entries()) {
          const link = linkOf(tokens[i]!);
          await queueEmail(
            trx,
            {
              purpose: 'invitation',
              to: email,
              link,
              ...invitationMessage(locale, { inviter, link, expiresAt }),
            },
            now,
          );
        }
        if (created.length > 0) {
          await recordAudit(
            trx,
            {
              actor,
              action: 'invitation.create',
              target: { type: 'invitation', label: `${created.length} invitation(s)` },
              details: { count: created.length, emails: invitees, roles, channelIds },
            },
            now,
          );
        }
        return {
          items: created.map((row) => ({
            id: row.id,
            email: row.email,
            expiresAt: row.expiresAt.toISOString(),
          })),
          ...(isAdmin(actor) ? { skipped: emails.filter((email) => existing.has(email)) } : {}),
        };
      });
    },

    /** Admins see every invitation, others only their own; newest first. */
    async list(
      actor: Actor,
      query: { status?: InvitationStatus; cursor?: string; limit?: number },
    ): Promise<InvitationsPage> {
      const now = clock();
      const limit = query.limit ?? Limits.pageDefault;
      const rows = await repository.list({
        invitedBy: isAdmin(actor) ? undefined : actor.id,
        status: query.status,
        after: query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor),
        limit: limit + 1,
        now,
      });
      const page = keysetPage(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
      return { items: page.rows.map((row) => toInvitation(row, now)), nextCursor: page.nextCursor };
    },

    /**
     * Revokes an invitation that has not been used (404 when unknown or, for a manager, not
     * theirs; 409 when already accepted). Revoking a revoked one changes nothing.
     */
    async revoke(actor: Actor, id: string): Promise<void> {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await repository.lockById(trx, id);
        if (!row || (!isAdmin(actor) && row.invitedBy !== actor.id)) {
          throw new AppError('not_found', 'No such invitation.');
        }
        if (row.acceptedAt !== null) {
          throw new AppError('conflict', 'This invitation was already accepted.');
        }
        if (row.revokedAt !== null) return;
        await repository.revoke(trx, id, now);
        await recordAudit(
          trx,
          {
            actor,
            action: 'invitation.revoke',
            target: { type: 'invitation', id, label: row.email },
          },
          now,
        );
      });
    },

    /** What a pending invitation link offers (400 `invalid_token` for any other link). */
    async lookup(token: string): Promise<InvitationPreview> {
      if (!token || token.length > MAX_TOKEN_LENGTH) {
        throw new AppError('invalid_token', INVALID_LINK);
      }
      const row = await repository.findByTokenHash(db, sha256(token), false);
      if (!row || invitationStatus(row, clock()) !== 'pending') {
        throw new AppError('invalid_token', INVALID_LINK);
      }
      return { email: row.email, expiresAt: row.expiresAt.toISOString() };
    },

    /**
     * After an invited person's account exists: adds them to the invitation's channels, acting as
     * the inviter (whose right to add members the feed checks again). Best effort, like joining
     * the default channels: the account exists either way.
     */
    async joinPresetChannels(user: Pick<User, 'id' | 'handle' | 'displayName'>): Promise<void> {
      const feed = deps.services?.feed;
      if (!feed) return;
      const invitation = await repository.acceptedBy(user.id);
      if (!invitation || invitation.channelIds.length === 0) return;
      const inviter = invitation.invitedBy ? await deps.findActor(invitation.invitedBy) : null;
      if (!inviter) {
        deps.logger.warn({ userId: user.id }, 'the inviter is gone; preset channels skipped');
        return;
      }
      const member = { id: user.id, handle: user.handle, displayName: user.displayName };
      for (const id of invitation.channelIds) {
        await feed
          .call('addMember', { actor: inviter, id, member })
          .catch((err: unknown) =>
            deps.logger.warn(
              { err, channelId: id },
              'could not add an invited person to a channel',
            ),
          );
      }
      deps.onChannelsChanged?.();
    },
  };
}

export type Invitations = ReturnType<typeof createInvitations>;
