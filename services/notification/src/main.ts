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
    }),
  readyDetails: (_, config) => ({ digests: config.SMTP_URL ? 'smtp' : 'stored only' }),
});
