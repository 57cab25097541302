import { registerAjvFormats, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { createSmtpMailer } from '@outloud/mail';
import { createMetrics, type Logger, type ReadinessCheck } from '@outloud/ops';
import { ensureEventStream, startOutboxRelay, type NatsConnection } from '@outloud/bus';
import { names as subjectNames, SocketRooms, type Names, type User } from '@outloud/contracts';
import { adminRoutes } from './admin/admin.routes.js';
import { createPeople } from './admin/people.service.js';
import { fastifyTrustProxy, type GatewayConfig } from './config.js';
import { clientErrorHandler, frameworkErrors, installErrorHandler } from './core/error-handler.js';
import { installHealth } from './core/health.js';
import { installMetrics } from './core/metrics.js';
import { installNotFoundHandler } from './core/not-found.js';
import { installOpenApi } from './core/openapi.js';
import { installRateLimit } from './core/rate-limit.js';
import { installRejectNul } from './core/reject-nul.js';
import { requestLogger } from './core/request-log.js';
import { installSecurity } from './core/security.js';
import { hasWebApp, installWebApp } from './core/static.js';
import type { App } from './core/types.js';
import type { GatewayDatabase } from './db.js';
import { settingsRoutes } from './admin/settings.routes.js';
import { webhooksRoutes } from './admin/webhooks.routes.js';
import { createExports } from './exports/exports.service.js';
import { exportsRoutes } from './exports/exports.routes.js';
import { createAccountDeletion } from './identity/account-deletion.js';
import { createLocalDiskStorage } from './storage/local-disk-storage.js';
import { accountRoutes } from './identity/account.routes.js';
import { createAccount } from './identity/account.service.js';
import { installAuth } from './identity/auth.hooks.js';
import { identityRoutes } from './identity/identity.routes.js';
import { oidcRoutes } from './identity/oidc/oidc.routes.js';
import {
  createIdentity,
  emptyProfileStats,
  type Identity,
  type ProfileStatsSource,
} from './identity/identity.service.js';
import { serveIdentityRpc } from './identity/identity.rpc.js';
import { toActor } from './identity/identity.logic.js';
import { IDENTITY_SCHEMA } from './identity/user-events.js';
import { invitationsRoutes } from './invitations/invitations.routes.js';
import { importsRoutes } from './imports/imports.routes.js';
import { createImports } from './imports/imports.service.js';
import { createInvitations } from './invitations/invitations.service.js';
import { startLive, type Live } from './live/live.js';
import { liveRoutes } from './live/live.routes.js';
import { startMailWorker, type MailWorker } from './mail/mail-worker.js';
import { outboxRoutes } from './mail/outbox.routes.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { moderationRoutes } from './moderation/moderation.routes.js';
import { routingInsightsRoutes } from './notifications/routing-insights.routes.js';
import { channelsRoutes } from './channels/channels.routes.js';
import { followsRoutes } from './follows/follows.routes.js';
import { postsRoutes } from './posts/posts.routes.js';
import { knowledgeRoutes } from './posts/knowledge.routes.js';
import { createNewcomerGuard } from './newcomers/newcomers.guard.js';
import type { NewcomersDatabase } from './newcomers/newcomers.tables.js';
import { createTopicsOf } from './posts/topics.js';
import { profileRoutes } from './profiles/profile.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { uploadsRoutes } from './uploads/uploads.routes.js';
import { createAuthorBadges } from './learning/badges.js';
import { challengesRoutes } from './learning/challenges.routes.js';
import { goalsRoutes } from './learning/goals.routes.js';
import { insightsRoutes } from './learning/insights.routes.js';
import { createServiceClients } from './services/clients.js';
import { createVisibleChannels } from './services/visible-channels.js';

export interface BuildAppDeps {
  config: GatewayConfig;
  /**
   * NATS and the subject names: with them the gateway serves the feed and search routes and
   * socket.io. Without them (identity-only tests) those routes are absent.
   */
  bus?: { nc: NatsConnection; names: Names };
  db: Kysely<GatewayDatabase>;
  logger: Logger;
  /**
   * Contribution figures for profiles (`GET /users/:handle`); by default the feed service's
   * `userStats` when `bus` is given.
   */
  profileStats?: ProfileStatsSource;
  clock?: () => Date;
  /** Extra `/readyz` checks by name (Postgres is always checked), e.g. `{ nats: … }`. */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** Prometheus registry; one is created (with process metrics) when omitted. */
  metrics?: Registry;
  /** Run the mail worker that sends account emails. Default: when `bus` is given. */
  mailWorker?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Users, sessions and tokens; `identity.resolveActor` authenticates socket handshakes. */
    identity: Identity;
    /** The Prometheus registry behind `/metrics`; plugins add their own metrics to it. */
    metrics: Registry;
    /** socket.io and the NATS subscription feeding it (absent without a bus). */
    live?: Live;
    /** Sends queued account emails (absent when not started; see `BuildAppDeps.mailWorker`). */
    mail?: MailWorker;
  }
}

/** Builds the gateway without listening (tests use `app.inject()`; main calls `listen`). */
export async function buildApp(deps: BuildAppDeps): Promise<App> {
  const { config, db } = deps;
  const clock = deps.clock ?? (() => new Date());
  const metrics = deps.metrics ?? createMetrics('gateway');
  const services = deps.bus ? createServiceClients(deps.bus.nc, deps.bus.names) : undefined;
  const visibleChannels = services ? createVisibleChannels(services) : undefined;
  const profileStats: ProfileStatsSource =
    deps.profileStats ??
    (services
      ? async (userId, viewer) => {
          // Figures come from the search projection, over the channels the viewer may see.
          const channelIds = await visibleChannels!.of(viewer);
          return services.search.call('userStats', { actor: viewer, channelIds, userId });
        }
      : emptyProfileStats);
  const identity = createIdentity({
    db,
    config,
    clock,
    profileStats,
    names: deps.bus?.names,
    nc: deps.bus?.nc,
    onError: (err) => deps.logger.warn({ err }, 'credential changes from other gateways'),
  });
  // One badge cache for REST reads and live pushes, so both show the same badges.
  const authorBadges = services
    ? createAuthorBadges({ identity, services, logger: deps.logger })
    : undefined;
  const account = createAccount({
    db,
    identityRepository: identity.repository,
    config,
    clock,
    credentialsChanged: identity.credentialsChanged,
  });
  // Identity events are written to the outbox even without a bus (identity-only tests).
  const people = createPeople({
    db,
    names: deps.bus?.names ?? subjectNames(config.OUTLOUD_PREFIX),
    clock,
  });
  const invitations = createInvitations({
    db,
    config,
    clock,
    services,
    // The inviter acts for the preset channels only while their account is active.
    findActor: async (id) => {
      const row = await identity.repository.findPrivateUserById(id);
      return row?.status === 'active' ? toActor(row) : null;
    },
    onChannelsChanged: () => visibleChannels?.invalidate(),
    logger: deps.logger,
  });
  const webApp = hasWebApp(config.WEB_DIST) ? config.WEB_DIST : undefined;

  // Validation: TypeBox's compiler with ajv-formats' `email`, `uuid`, `date-time`… It never strips
  // unknown properties (schemas reject them instead) and converts types only in querystrings,
  // params and headers, never in bodies.
  registerAjvFormats();
  // Typed as Fastify's base logger so that the instance is the plain `App` type.
  const loggerInstance: FastifyBaseLogger = requestLogger(deps.logger);
  const app = Fastify({
    loggerInstance,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.decorate('identity', identity);
  app.addHook('onClose', async () => identity.stop());
  app.decorate('metrics', metrics);

  // Core: error format, headers, cookies, limits, authentication, docs, operations.
  installErrorHandler(app);
  installNotFoundHandler(app, { spaFallback: webApp !== undefined });
  await installSecurity(app, { https: config.COOKIE_SECURE, publicUrl: config.PUBLIC_URL });
  installRejectNul(app); // after the cookie parser, before authentication reads credentials
  await installOpenApi(app); // before any route, so that every route is documented
  await installRateLimit(app);
  installAuth(app, identity);
  installMetrics(app, metrics);
  installHealth(app, {
    postgres: async () => {
      await sql`select 1`.execute(db);
    },
    ...deps.readinessChecks,
  });

  // Everyone starts in #general, so announcements there reach the whole team. Best effort:
  // the account exists either way, and the channel can be joined by hand.
  const onRegistered = async (user: User): Promise<void> => {
    // A new address gets a confirmation link (setup, invitations and SSO vouch for theirs).
    await account.sendVerification(user.id).catch((err: unknown) => {
      deps.logger.warn({ err }, 'could not queue the email confirmation');
    });
    if (!services) return;
    const actor = {
      id: user.id,
      handle: user.handle,
      displayName: user.displayName,
      roles: user.roles,
    };
    await services.feed
      .call('welcome', { actor })
      .then(() => visibleChannels?.invalidate())
      .catch((err: unknown) =>
        deps.logger.warn({ err }, 'could not add a new person to the default channels'),
      );
    await invitations.joinPresetChannels(user);
  };

  // Sockets opened with credentials that just ended (sign-out, password reset, suspension) close
  // at once on this gateway, told why first; other gateways' credential sweeps follow.
  const endSocketsOf = (userId: string): void => {
    const room = app.live?.io.in(SocketRooms.user(userId));
    room?.emit('error', { code: 'session_ended', message: 'Your session ended; sign in again.' });
    room?.disconnectSockets(true);
  };

  // The public API. Each feature is a plugin in its own folder, mounted under /api/v1.
  await app.register(
    async (api) => {
      await api.register(identityRoutes, {
        identity,
        config,
        // The person's other devices reconnect with their own sessions.
        onSignedOut: endSocketsOf,
        onRegistered,
      });
      await api.register(oidcRoutes, {
        identity,
        db,
        config,
        clock,
        logger: deps.logger,
        onRegistered,
      });
      await api.register(accountRoutes, { account, config, onSignedOut: endSocketsOf });
      await api.register(settingsRoutes, { db, config, clock });
      await api.register(outboxRoutes, { db, config });
      await api.register(profileRoutes, { identity, db, config, clock, names: deps.bus?.names });
      await api.register(uploadsRoutes, { db, config, services });
      await api.register(invitationsRoutes, { invitations, config });
      await api.register(importsRoutes, {
        imports: createImports({
          db,
          names: deps.bus?.names ?? subjectNames(config.OUTLOUD_PREFIX),
          clock,
          services,
          bus: deps.bus,
          invitations,
          logger: deps.logger,
        }),
        services,
        config,
      });
      await api.register(adminRoutes, {
        db,
        people,
        config,
        clock,
        onDeactivated: async (userId) => {
          endSocketsOf(userId);
          await identity.credentialsChanged({ user: userId });
        },
      });
      if (services) {
        await api.register(channelsRoutes, {
          services,
          identity,
          config,
          visibleChannels: visibleChannels!,
        });
        await api.register(postsRoutes, {
          services,
          config,
          badges: authorBadges,
          topicsOf: createTopicsOf({
            identity,
            services,
            visibleChannels: visibleChannels!,
            onSearchError: (err) =>
              deps.logger.warn({ err }, 'topics without expertise: search did not answer'),
          }),
          newcomers: createNewcomerGuard({
            db: db.withTables<NewcomersDatabase>(),
            limits: {
              hours: config.NEWCOMER_HOURS,
              posts: config.NEWCOMER_POSTS,
              links: config.NEWCOMER_LINKS,
            },
            clock,
            onError: (err) => deps.logger.warn({ err }, 'could not note a newcomer’s write'),
          }),
          onPostOpened: (actor, post) => {
            if (post.kind !== 'announcement') return;
            services.learning
              .call('recordOpen', { actor, postId: post.id })
              .catch((err: unknown) =>
                deps.logger.warn({ err }, 'could not count an opened announcement'),
              );
          },
        });
        await api.register(knowledgeRoutes, { services, identity, config });
        await api.register(moderationRoutes, { services, db, config, clock });
        await api.register(followsRoutes, { services, identity, config });
        await api.register(searchRoutes, { services, identity, visibleChannels: visibleChannels! });
        const learning = { services, identity, config, visibleChannels: visibleChannels! };
        await api.register(goalsRoutes, learning);
        await api.register(challengesRoutes, learning);
        await api.register(insightsRoutes, learning);
        await api.register(notificationsRoutes, { services, config, identity });
        await api.register(routingInsightsRoutes, { services });
        await api.register(webhooksRoutes, { services, db, config, clock });
        const exports = createExports({
          db,
          services,
          dataDir: config.DATA_DIR,
          clock,
          onError: (err) => deps.logger.warn({ err }, 'an export failed'),
        });
        api.addHook('onClose', async () => exports.close());
        await api.register(exportsRoutes, {
          exports,
          deletion: createAccountDeletion({
            db,
            names: deps.bus!.names,
            clock,
            services,
            avatars: createLocalDiskStorage(config.DATA_DIR, 'avatars'),
            credentialsChanged: identity.credentialsChanged,
          }),
          services,
          db,
          config,
          clock,
          onDeleted: endSocketsOf,
        });
        await api.register(liveRoutes, {
          nc: deps.bus!.nc,
          names: deps.bus!.names,
          visibleChannels: visibleChannels!,
          config,
          badges: authorBadges,
        });
      }
    },
    { prefix: '/api/v1' },
  );

  // Real time: socket.io on the same HTTP server, closed with the app.
  if (deps.bus && services) {
    const identityRpc = await serveIdentityRpc({ ...deps.bus, db, logger: deps.logger });
    app.addHook('onClose', async () => identityRpc.stop());
    await ensureEventStream(deps.bus.nc, deps.bus.names);
    // Identity events (a person's name, picture or status changed) leave through the outbox.
    const relay = startOutboxRelay({
      db: db as Kysely<unknown>,
      schema: IDENTITY_SCHEMA,
      nc: deps.bus.nc,
      names: deps.bus.names,
      logger: deps.logger,
    });
    app.addHook('onClose', async () => relay.stop());
    const live = await startLive({
      server: app.server,
      nc: deps.bus.nc,
      names: deps.bus.names,
      services,
      visibleChannels: visibleChannels!,
      authenticate: (input) => identity.authenticateSocket(input),
      endedCredentials: (held) => identity.endedCredentials(held),
      limits: {
        subscribePerSecond: config.LIVE_SUBSCRIBE_PER_SECOND,
        subscribeBurst: config.LIVE_SUBSCRIBE_BURST,
        maxRooms: config.LIVE_MAX_ROOMS,
        credentialSweepMs: config.LIVE_CREDENTIAL_SWEEP_MS,
      },
      onAccessChanged: () => visibleChannels?.invalidate(),
      badges: authorBadges,
      logger: deps.logger,
    });
    app.decorate('live', live);
    // preClose: the HTTP server waits for upgraded sockets, so they must close first.
    app.addHook('preClose', async () => live.close());
  }

  // Account emails leave from every gateway with a bus; identity-only tests may ask for it.
  if (deps.mailWorker ?? deps.bus !== undefined) {
    const mail = startMailWorker({
      db,
      mailer: config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.SMTP_FROM) : null,
      logger: deps.logger,
      clock,
      databaseUrl: config.DATABASE_URL,
    });
    app.decorate('mail', mail);
    app.addHook('onClose', async () => mail.stop());
  }

  if (webApp) await installWebApp(app, webApp);
  return app;
}
