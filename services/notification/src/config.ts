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
    },
    source,
  );
}
export type NotifyConfig = ReturnType<typeof loadConfig>;
