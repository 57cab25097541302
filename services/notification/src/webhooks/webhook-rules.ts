const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface WebhookSettings {
  /** Targets on loopback or private networks are allowed (development and tests only). */
  allowPrivateTargets: boolean;
  /**
   * The wait after each failed attempt, in order; when they run out the delivery has failed.
   * The default tries 8 times over about a day and a half.
   */
  retryDelaysMs: readonly number[];
  /** One attempt's limit, connecting and answering included. */
  timeoutMs: number;
  /** A webhook is turned off after this many failed attempts in a row… */
  disableAfterFailures: number;
  /** …that have been failing for at least this long (a short outage never turns it off). */
  disableAfterMs: number;
  /** `question.unanswered` waits this long where the webhook does not say. */
  defaultUnansweredHours: number;
}

export const DEFAULT_WEBHOOKS: WebhookSettings = {
  allowPrivateTargets: false,
  retryDelaysMs: [30 * SECOND, 2 * MINUTE, 10 * MINUTE, HOUR, 6 * HOUR, 12 * HOUR, 18 * HOUR],
  timeoutMs: 10 * SECOND,
  disableAfterFailures: 10,
  disableAfterMs: 24 * HOUR,
  defaultUnansweredHours: 24,
};

/** When a delivery that just failed its `attempts`-th attempt is tried again, or null: never. */
export function nextAttemptAt(attempts: number, settings: WebhookSettings, now: Date): Date | null {
  const delay = settings.retryDelaysMs[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}

/** Whether a webhook whose attempts keep failing is turned off. */
export function shouldDisable(
  failures: number,
  failingSince: Date,
  settings: WebhookSettings,
  now: Date,
): boolean {
  return (
    failures >= settings.disableAfterFailures &&
    now.getTime() - failingSince.getTime() >= settings.disableAfterMs
  );
}

/** A 2xx answer is a delivery; anything else (a redirect too) is a failure. */
export const isDelivered = (status: number | undefined): boolean =>
  status !== undefined && status >= 200 && status < 300;
