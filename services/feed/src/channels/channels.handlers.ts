import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type Actor, type Channel, type FeedRpc } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { upsertAuthor, upsertAuthorRef } from '../authors/authors.repository.js';
import { isAdmin, type FeedContext } from '../context.js';
import type { FeedDB } from '../db.js';
import { emit } from '../events.js';
import { decodeCursor, encodeCursor } from '../posts/cursor.js';
import {
  addMember,
  countChannelsCreatedSince,
  findChannel,
  insertChannel,
  listMembers,
  listVisibleChannels,
  memberCount,
  removeMember,
  updateChannel,
  visibleChannelIds,
} from './channels.repository.js';
import { countWithinBudget } from '../bounded.js';

type ChannelHandlers = Pick<
  RpcHandlers<typeof FeedRpc>,
  | 'listChannels'
  | 'accessibleChannels'
  | 'createChannel'
  | 'getChannel'
  | 'updateChannel'
  | 'joinChannel'
  | 'welcome'
  | 'addMember'
  | 'removeMember'
  | 'listMembers'
>;

const notFound = () => new RpcError('channel_not_found', 'No such channel.');

/**
 * Channels one person (not an admin) may create in 24 hours. Every channel id a person can see
 * travels with their searches and live checks, so mass-created channels would slow everyone.
 */
export const CHANNELS_PER_DAY = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A channel `actor` may manage: visible to them, or any channel for an admin (admins manage the
 * members of private channels they are not in). Non-members of a private channel get a 404.
 */
async function manageableChannel(db: Kysely<FeedDB>, id: string, actor: Actor): Promise<Channel> {
  const channel = await findChannel(db, id, actor.id, { anyVisibility: isAdmin(actor) });
  if (!channel) throw notFound();
  if (channel.ownerId !== actor.id && !isAdmin(actor)) {
    throw new RpcError('forbidden', 'Only the channel owner or an admin can do that.');
  }
  return channel;
}

export function channelHandlers(ctx: FeedContext): ChannelHandlers {
  const { db, clock } = ctx;

  const membershipChanged = async (
    trx: Kysely<FeedDB>,
    actor: Actor,
    channel: Channel,
    userId: string,
    member: boolean,
    now: Date,
  ) => {
    await emit(
      trx,
      ctx,
      'feed.membership.changed.v1',
      {
        channel: { id: channel.id, visibility: channel.visibility },
        userId,
        member,
        memberCount: await memberCount(trx, channel.id),
      },
      actor,
      now,
    );
  };

  return {
    async listChannels({ actor }) {
      // Capped in items by the query, and in bytes here (long names and descriptions).
      const items = await listVisibleChannels(db, actor.id);
      return { items: items.slice(0, countWithinBudget(items)) };
    },

    async accessibleChannels({ actor }) {
      return { channelIds: await visibleChannelIds(db, actor.id) };
    },

    async createChannel({ actor, input }) {
      if (!input.name.trim()) {
        throw new RpcError('validation_failed', 'The name cannot be blank.', [
          { field: 'name', message: 'must not be blank' },
        ]);
      }
      const now = clock();
      if (
        !isAdmin(actor) &&
        (await countChannelsCreatedSince(db, actor.id, new Date(now.getTime() - DAY_MS))) >=
          CHANNELS_PER_DAY
      ) {
        throw new RpcError(
          'rate_limited',
          `You can create at most ${CHANNELS_PER_DAY} channels a day; ask an admin for more.`,
        );
      }
      const id = uuidv7({ msecs: now.getTime() });
      const channel = await db.transaction().execute(async (trx) => {
        await upsertAuthor(trx, actor, now);
        if (!(await insertChannel(trx, { ...input, id, ownerId: actor.id, now }))) {
          throw new RpcError(
            'conflict',
            `A channel with the slug "${input.slug}" already exists.`,
            [{ field: 'slug', message: 'already taken' }],
          );
        }
        const created = (await findChannel(trx, id, actor.id))!;
        await emit(
          trx,
          ctx,
          'feed.channel.created.v1',
          { channel: stripViewer(created) },
          actor,
          now,
        );
        return created;
      });
      return { channel };
    },

    async getChannel({ actor, id }) {
      const channel = await findChannel(db, id, actor.id);
      if (!channel) throw notFound();
      return { channel };
    },

    async updateChannel({ actor, id, input }) {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await manageableChannel(trx, id, actor);
        if (input.name !== undefined && !input.name.trim()) {
          throw new RpcError('validation_failed', 'The name cannot be blank.', [
            { field: 'name', message: 'must not be blank' },
          ]);
        }
        await updateChannel(trx, id, input, now);
        const updated = (await findChannel(trx, id, actor.id, { anyVisibility: true }))!;
        await emit(
          trx,
          ctx,
          'feed.channel.updated.v1',
          { channel: stripViewer(updated) },
          actor,
          now,
        );
      });
      const channel = await findChannel(db, id, actor.id, { anyVisibility: isAdmin(actor) });
      if (!channel) throw notFound();
      return { channel };
    },

    async joinChannel({ actor, id }) {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const channel = await findChannel(trx, id, actor.id);
        if (!channel) throw notFound();
        if (channel.visibility === 'private') {
          throw new RpcError(
            'forbidden',
            'Private channels are joined by invitation from their owner.',
          );
        }
        await upsertAuthor(trx, actor, now);
        if (await addMember(trx, id, actor.id, now))
          await membershipChanged(trx, actor, channel, actor.id, true, now);
      });
      return { ok: true };
    },

    async welcome({ actor }) {
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const defaults = await trx
          .selectFrom('feed.channels')
          .selectAll()
          .where('autoJoin', '=', true)
          .where('visibility', '=', 'public')
          // Each join locks its channel's row (the member count): one order for every sign-up,
          // so two of them never wait for each other's channels.
          .orderBy('id')
          .execute();
        await upsertAuthor(trx, actor, now);
        for (const row of defaults) {
          const channel = await findChannel(trx, row.id, actor.id);
          if (channel && (await addMember(trx, row.id, actor.id, now)))
            await membershipChanged(trx, actor, channel, actor.id, true, now);
        }
        return { channelIds: defaults.map((c) => c.id) };
      });
    },

    async addMember({ actor, id, member }) {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const channel = await manageableChannel(trx, id, actor);
        await upsertAuthorRef(trx, member, now);
        if (await addMember(trx, id, member.id, now))
          await membershipChanged(trx, actor, channel, member.id, true, now);
      });
      return { ok: true };
    },

    async removeMember({ actor, id, userId }) {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const leaving = userId === actor.id;
        const channel = leaving
          ? await findChannel(trx, id, actor.id, { anyVisibility: isAdmin(actor) })
          : await manageableChannel(trx, id, actor);
        if (!channel) throw notFound();
        if (channel.ownerId === userId) {
          throw new RpcError(
            'conflict',
            'The owner cannot leave or be removed from their channel.',
          );
        }
        if (await removeMember(trx, id, userId))
          await membershipChanged(trx, actor, channel, userId, false, now);
      });
      return { ok: true };
    },

    async listMembers({ actor, id, query }) {
      const channel = await findChannel(db, id, actor.id, { anyVisibility: isAdmin(actor) });
      if (!channel) throw notFound();
      const limit = query.limit ?? Limits.pageDefault;
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 'members');
      const rows = await listMembers(db, id, {
        after: after?.key instanceof Date && after.id ? { at: after.key, id: after.id } : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(({ cursorAt: _cursorAt, ...member }) => member),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ sort: 'members', key: last.cursorAt, id: last.user.id })
            : null,
      };
    },
  };
}

/** Events describe the channel itself, not how one person sees it. */
function stripViewer({ isMember: _isMember, ...channel }: Channel): Channel {
  return channel;
}
