import { runService, type ServiceContext } from '@outloud/service-kit';
import { notifyMigrations, startNotification } from './app.js';
import { loadConfig, type NotifyConfig } from './config.js';
import type { NotifyDB } from './db.js';
import { createSmtpMailer } from '@outloud/mail';

await runService({
  name: 'notification',
  loadConfig,
  migrations: notifyMigrations,
  start: ({ config, ...deps }: ServiceContext<NotifyConfig, NotifyDB>) =>
    startNotification({
      ...deps,
      appUrl: config.PUBLIC_URL,
      mailer: config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.SMTP_FROM) : undefined,
      digestHourUtc: config.DIGEST_HOUR_UTC,
      maxEventAgeMs: config.NOTIFY_MAX_EVENT_AGE_HOURS * 60 * 60 * 1000,
      routing: {
        defaultDelayMinutes: config.EXPERT_ROUTING_DEFAULT_MINUTES,
        maxExperts: config.EXPERT_ROUTING_MAX,
        requestsPerDay: config.EXPERT_REQUESTS_PER_DAY,
        escalateAfterHours: config.ESCALATE_AFTER_HOURS,
      },
      routingIntervalMs: config.EXPERT_ROUTING_SWEEP_SECONDS * 1000,
      webhooks: {
        allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
        timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000,
        disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
        disableAfterMs: config.WEBHOOK_DISABLE_AFTER_HOURS * 60 * 60 * 1000,
        defaultUnansweredHours: config.WEBHOOK_UNANSWERED_HOURS,
      },
    }),
  readyDetails: (_, config) => ({ digests: config.SMTP_URL ? 'smtp' : 'stored only' }),
});
