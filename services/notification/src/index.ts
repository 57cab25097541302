export { notifyMigrations, NOTIFY_SCHEMA, startNotification } from './app.js';
export type { NotifyDeps, NotifyService } from './app.js';
export type { NotifyDB } from './db.js';
export type { WebhookSettings } from './webhooks/webhook-rules.js';
export type { Mailer } from '@outloud/mail';
