import { env, readConfig } from '@outloud/ops';
import { baseSettings } from '@outloud/service-kit';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(
    {
      ...baseSettings(8083),
      /** The address people open Outloud at; digest links point there. */
      PUBLIC_URL: env.url({ default: 'http://localhost:8080', protocols: ['http:', 'https:'] }),
      /** SMTP server for digests, e.g. `smtps://user:pass@smtp.example:465`; unset: digests are only stored. */
      SMTP_URL: env.optional(),
      SMTP_FROM: env.string({ default: 'Outloud <outloud@localhost>' }),
      /** Hour of the day (UTC) from which the daily digests are written. */
      DIGEST_HOUR_UTC: env.int({ default: 7, min: 0, max: 23 }),
      /** Events older than this (hours) notify nobody, e.g. when replaying an old stream. */
      NOTIFY_MAX_EVENT_AGE_HOURS: env.int({ default: 72, min: 1, max: 24 * 30 }),
      /**
       * Minutes a question waits for an answer before likely experts are asked, where its channel's
       * events do not say (each channel has its own setting, 30 by default).
       */
      EXPERT_ROUTING_DEFAULT_MINUTES: env.int({ default: 30, min: 1, max: 10_080 }),
      /** People asked about one waiting question at most. */
      EXPERT_ROUTING_MAX: env.int({ default: 3, min: 1, max: 10 }),
      /** Expert requests one person gets in 24 hours at most. */
      EXPERT_REQUESTS_PER_DAY: env.int({ default: 3, min: 1, max: 50 }),
      /** Hours after it was asked that a still unanswered question goes to its channel's owner and L&D. */
      ESCALATE_AFTER_HOURS: env.int({ default: 48, min: 1, max: 24 * 7 }),
      /** Seconds between sweeps for waiting questions; 0 turns routing off on this instance. */
      EXPERT_ROUTING_SWEEP_SECONDS: env.int({ default: 60, min: 0, max: 3_600 }),
      /**
       * Let webhooks target loopback and private-network addresses (development only: otherwise an
       * admin could make Outloud reach into its own network).
       */
      WEBHOOK_ALLOW_PRIVATE_TARGETS: env.bool({ default: false }),
      /** Seconds one webhook attempt may take. */
      WEBHOOK_TIMEOUT_SECONDS: env.int({ default: 10, min: 1, max: 60 }),
      /** A webhook is turned off after this many failed attempts in a row… */
      WEBHOOK_DISABLE_AFTER_FAILURES: env.int({ default: 10, min: 1, max: 1_000 }),
      /** …failing for at least this many hours. */
      WEBHOOK_DISABLE_AFTER_HOURS: env.int({ default: 24, min: 0, max: 24 * 30 }),
      /** Hours a public question waits before `question.unanswered`, where a webhook does not say. */
      WEBHOOK_UNANSWERED_HOURS: env.int({ default: 24, min: 1, max: 720 }),
    },
    source,
  );
}
export type NotifyConfig = ReturnType<typeof loadConfig>;
