import { randomUUID } from 'node:crypto';
import * as bus from '@outloud/bus';
import {
  createEnvelope,
  publishEvent,
  rpcClient,
  serveRpc,
  type NatsConnection,
  type RpcClient,
  type RpcService,
} from '@outloud/bus';
import {
  FeedEvents,
  IdentityEvents,
  IdentityRpc,
  NotificationRpc,
  SearchRpc,
  type Actor,
  type Answer,
  type Channel,
  type EventEnvelope,
  type FeedEventData,
  type FeedEventType,
  type Names,
  type Notification,
  type Post,
  type UserStatus,
} from '@outloud/contracts';
import {
  createServiceWorld,
  eventually,
  makeAnswer,
  makePost,
  person,
  randomWord,
  silentLogger as silent,
  type ServiceWorld,
} from '@outloud/testkit';
import type { Mailer } from '@outloud/mail';
import { sql, type Kysely } from 'kysely';
import { notifyMigrations, startNotification, type NotifyService } from '../src/app.js';
import type { NotifyDB } from '../src/db.js';
import type { RoutingSettings } from '../src/routing/routing-rules.js';
import type { WebhookSettings } from '../src/webhooks/webhook-rules.js';

const MINUTE = 60 * 1000;

/** A routing request search received. */
export interface CandidatesAsked {
  topic: string;
  tags: string[];
  channelIds: string[];
}

/**
 * The notification service on its own database and prefix, with a clock the test moves, and the
 * two services it asks answered from the test's data: identity (people by handle, id and role) and
 * search (`routingCandidates`: the ranking the test set for a question's title). Events are
 * published as the feed would and waited for until the service has handled them.
 */
export interface NotifyWorld extends AsyncDisposable {
  db: Kysely<NotifyDB>;
  nc: NatsConnection;
  names: Names;
  service: NotifyService;
  notifications: RpcClient<typeof NotificationRpc>;
  now(): Date;
  /** Moves the clock on. */
  advance(ms: number): void;
  /** Someone identity knows (active, roles as given). */
  member(handle?: string, roles?: Actor['roles']): Actor;
  /** Publishes a feed event stamped with the clock and waits until the service handled it. */
  publish<K extends FeedEventType>(
    type: K,
    data: FeedEventData<K>,
    actor?: Actor | null,
  ): Promise<EventEnvelope>;
  /**
   * Delivers a handled event again, as after a crash before its ack (JetStream would drop a
   * second publish with the same message id, so it gets a new one). Does not wait.
   */
  redeliver(envelope: EventEnvelope): Promise<void>;
  /** A channel (owned by `owner`) with these members, known to the service. */
  channel(
    owner: Actor,
    visibility: 'public' | 'private',
    members?: Actor[],
    overrides?: Partial<Channel>,
  ): Promise<Channel>;
  /**
   * A post written now in `channel`, known to the service (a question unless told otherwise);
   * `imported` marks it as brought in by an import.
   */
  post(
    author: Actor,
    channel: Channel,
    overrides?: Partial<Post>,
    options?: { imported?: true },
  ): Promise<Post>;
  /** An answer written now, known to the service. */
  answer(post: Post, channel: Channel, author: Actor, overrides?: Partial<Answer>): Promise<Answer>;
  /** Changes the post (e.g. hides it) as a `post.updated` event would carry it. */
  updatePost(post: Post, channel: Channel, changes: Partial<Post>, actor?: Actor): Promise<Post>;
  /** Sets a person's status, as identity announces it. */
  setStatus(who: Actor, status: UserStatus): Promise<void>;
  /** What search ranks (best first) for a question with this title. */
  rank(title: string, people: Actor[]): void;
  /** Every request search got for routing, in order. */
  readonly searched: CandidatesAsked[];
  /** People identity lists with the `ld` role. */
  readonly ld: Actor[];
  /** `who`'s notifications as the list endpoint shows them, and the unread count. */
  list(who: Actor): Promise<{ items: Notification[]; unreadCount: number }>;
  /** The notifications of one kind about one post, whoever got them (straight from the table). */
  stored(postId: string, type: Notification['type']): Promise<{ recipientId: string }[]>;
}

export async function notifyWorld(
  options: {
    routing?: Partial<RoutingSettings>;
    webhooks?: Partial<WebhookSettings>;
    /** Where the service's emails go (digests, notices to admins); none: no email is sent. */
    mailer?: Mailer;
    name?: string;
  } = {},
): Promise<NotifyWorld> {
  const world: ServiceWorld<NatsConnection> = await createServiceWorld({
    migrations: [notifyMigrations],
    bus,
    name: options.name ?? 'notify-world',
  });
  const { nc, names } = world;
  const db = world.pool<NotifyDB>();
  let now = Date.now();
  const clock = () => new Date(now);
  const people = new Map<string, Actor>();
  const ld: Actor[] = [];
  const rankings = new Map<string, string[]>();
  const searched: CandidatesAsked[] = [];
  /** The next version of each post (every change bumps it, as the feed does). */
  const versions = new Map<string, number>();
  const nextVersion = (postId: string) => {
    const version = (versions.get(postId) ?? 0) + 1;
    versions.set(postId, version);
    return version;
  };

  const withEmail = (p: Actor) => ({ ...p, email: `${p.handle}@example.test` });
  const services: RpcService[] = [];
  services.push(
    await serveRpc({
      nc,
      names,
      service: 'identity',
      schemas: IdentityRpc,
      logger: silent,
      handlers: {
        usersByHandles: async ({ handles }) => ({
          users: [...people.values()].filter((p) => handles.includes(p.handle)).map(withEmail),
        }),
        usersByIds: async ({ ids }) => ({
          users: ids.flatMap((id) => {
            const p = people.get(id);
            return p ? [withEmail(p)] : [];
          }),
        }),
        usersWithRole: async ({ role, limit }) => ({
          users: (role === 'ld' ? ld : [...people.values()].filter((p) => p.roles.includes(role)))
            .slice(0, limit)
            .map(withEmail),
        }),
      },
    }),
  );
  services.push(
    await serveRpc({
      nc,
      names,
      service: 'search',
      schemas: { routingCandidates: SearchRpc.routingCandidates },
      logger: silent,
      handlers: {
        routingCandidates: async ({ topic, tags, channelIds, limit }) => {
          searched.push({ topic, tags, channelIds });
          const title = [...rankings.keys()].find((t) => topic === t || topic.startsWith(`${t} `));
          const ranked = title ? (rankings.get(title) ?? []) : [];
          return {
            items: ranked.slice(0, limit).map((userId, i) => ({ userId, score: 100 - i })),
          };
        },
      },
    }),
  );

  const service = await startNotification({
    db,
    nc,
    names,
    logger: silent,
    clock,
    appUrl: 'http://outloud.test',
    digestIntervalMs: 0,
    routingIntervalMs: 0,
    routing: options.routing,
    webhooks: options.webhooks,
    ...(options.mailer ? { mailer: options.mailer } : {}),
    // Retries and sweeps run when a test calls them, on its clock.
    webhookSendIntervalMs: 0,
    webhookSweepIntervalMs: 0,
  });
  const notifications = rpcClient({
    nc,
    names,
    service: 'notification',
    schemas: NotificationRpc,
  });

  const handled = (eventId: string) =>
    eventually(
      async () => {
        const row = await sql<{ one: number }>`select 1 as one from notify.processed_events
          where event_id = ${eventId}`.execute(db);
        return row.rows.length > 0 ? true : undefined;
      },
      { what: `event ${eventId} handled` },
    );

  const publish: NotifyWorld['publish'] = async (type, data, actor = null) => {
    const envelope = createEnvelope(type, data, actor, clock());
    await publishEvent(nc, names.subject(FeedEvents[type].subject), envelope);
    await handled(envelope.id);
    return envelope;
  };

  const member: NotifyWorld['member'] = (handle = `u${randomWord()}`, roles = ['member']) => {
    const someone = person(handle, { roles });
    people.set(someone.id, someone);
    if (roles.includes('ld')) ld.push(someone);
    return someone;
  };

  const channelRef = (channel: Channel) => ({ id: channel.id, visibility: channel.visibility });

  return {
    db,
    nc,
    names,
    service,
    notifications,
    now: clock,
    advance(ms) {
      now += ms;
    },
    member,
    publish,
    async redeliver(envelope) {
      const type = envelope.type as FeedEventType;
      await publishEvent(nc, names.subject(FeedEvents[type].subject), envelope, {
        msgID: randomUUID(),
      });
    },
    async channel(owner, visibility, members = [], overrides = {}) {
      const channel: Channel = {
        id: randomUUID(),
        slug: `c-${randomWord()}`,
        name: 'Team',
        description: '',
        visibility,
        memberCount: members.length,
        createdAt: clock().toISOString(),
        ownerId: owner.id,
        expertRoutingMinutes: 30,
        ...overrides,
      };
      await publish('feed.channel.created.v1', { channel }, owner);
      for (const [i, m] of members.entries()) {
        await publish(
          'feed.membership.changed.v1',
          { channel: channelRef(channel), userId: m.id, member: true, memberCount: i + 1 },
          owner,
        );
      }
      return channel;
    },
    async post(author, channel, overrides = {}, options = {}) {
      const at = clock().toISOString();
      const post = makePost(author, {
        kind: 'question',
        title: `How do I ${randomWord()}?`,
        channelId: channel.id,
        createdAt: at,
        updatedAt: at,
        ...overrides,
      });
      await publish(
        'feed.post.created.v1',
        { post, channel: channelRef(channel), version: nextVersion(post.id), ...options },
        author,
      );
      return post;
    },
    async answer(post, channel, author, overrides = {}) {
      const at = clock().toISOString();
      const answer = makeAnswer(post, author, { createdAt: at, updatedAt: at, ...overrides });
      await publish(
        'feed.answer.created.v1',
        {
          answer,
          post: { ...post, answerCount: post.answerCount + 1 },
          channel: channelRef(channel),
          version: nextVersion(post.id),
        },
        author,
      );
      post.answerCount += 1;
      return answer;
    },
    async updatePost(post, channel, changes, actor) {
      const updated = { ...post, ...changes, updatedAt: clock().toISOString() };
      await publish(
        'feed.post.updated.v1',
        {
          post: updated,
          channel: channelRef(channel),
          version: nextVersion(post.id),
          changed: Object.keys(changes),
        },
        actor ?? null,
      );
      return updated;
    },
    async setStatus(who, status) {
      const event = IdentityEvents['identity.user.changed.v1'];
      await publishEvent(
        nc,
        names.subject(event.subject),
        createEnvelope(
          'identity.user.changed.v1',
          { id: who.id, handle: who.handle, displayName: who.displayName, avatarUrl: null, status },
          who,
          clock(),
        ),
      );
      await eventually(async () => {
        const row = await db
          .selectFrom('notify.peopleStatus')
          .select('status')
          .where('userId', '=', who.id)
          .executeTakeFirst();
        return row?.status === status ? true : undefined;
      });
    },
    rank(title, ranked) {
      rankings.set(
        title,
        ranked.map((p) => p.id),
      );
    },
    searched,
    ld,
    async list(who) {
      const page = await notifications.call('list', { actor: who, query: { limit: 100 } });
      return { items: page.items, unreadCount: page.unreadCount };
    },
    async stored(postId, type) {
      return db
        .selectFrom('notify.notifications')
        .select('recipientId')
        .where('postId', '=', postId)
        .where('type', '=', type)
        .orderBy('recipientId')
        .execute();
    },
    async [Symbol.asyncDispose]() {
      await service.stop();
      for (const s of services) await s.stop();
      await world[Symbol.asyncDispose]();
    },
  };
}

export const minutes = (n: number) => n * MINUTE;
export const hours = (n: number) => n * 60 * MINUTE;
