import type {
  DeliveryStatus,
  Webhook,
  WebhookCreateBody,
  WebhookEvent,
  WebhookPreset,
} from '@outloud/contracts';
import type { MessageKey } from '../i18n';

/**
 * The events an admin can pick, in the form's order, each with its name and a one-line
 * explanation. Keyed by the contract's type, so a new event is a type error here until named.
 */
export const webhookEvents: Readonly<
  Record<WebhookEvent, { label: MessageKey; hint: MessageKey }>
> = {
  'post.created': {
    label: 'integrations.event.postCreated',
    hint: 'integrations.eventHint.postCreated',
  },
  'question.unanswered': {
    label: 'integrations.event.questionUnanswered',
    hint: 'integrations.eventHint.questionUnanswered',
  },
  'answer.accepted': {
    label: 'integrations.event.answerAccepted',
    hint: 'integrations.eventHint.answerAccepted',
  },
  announcement: {
    label: 'integrations.event.announcement',
    hint: 'integrations.eventHint.announcement',
  },
  'challenge.day': {
    label: 'integrations.event.challengeDay',
    hint: 'integrations.eventHint.challengeDay',
  },
};
export const EVENT_ORDER = Object.keys(webhookEvents) as WebhookEvent[];

export const presetLabels: Readonly<
  Record<WebhookPreset, { label: MessageKey; hint: MessageKey }>
> = {
  standard: { label: 'integrations.preset.standard', hint: 'integrations.presetHint.standard' },
  slack: { label: 'integrations.preset.slack', hint: 'integrations.presetHint.slack' },
  teams: { label: 'integrations.preset.teams', hint: 'integrations.presetHint.teams' },
};
export const PRESET_ORDER = Object.keys(presetLabels) as WebhookPreset[];

export const deliveryStatusLabels: Readonly<Record<DeliveryStatus, MessageKey>> = {
  pending: 'integrations.deliveries.status.pending',
  succeeded: 'integrations.deliveries.status.succeeded',
  failed: 'integrations.deliveries.status.failed',
};

/** Hours a question waits before `question.unanswered` (the contract's bounds). */
export const UNANSWERED_HOURS = { min: 1, max: 720, initial: 24 } as const;

/**
 * What a list shows of a webhook's address: its host. A chat webhook's path is its credential,
 * so it stays off the screen (and out of screenshots).
 */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The preset an address obviously calls for (Slack's or Microsoft's webhook hosts), or null. */
export function presetForUrl(url: string): WebhookPreset | null {
  let host: string;
  try {
    host = new URL(url.trim()).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host === 'hooks.slack.com') return 'slack';
  const microsoft = ['webhook.office.com', 'logic.azure.com', 'powerplatform.com'];
  if (microsoft.some((domain) => host === domain || host.endsWith(`.${domain}`))) return 'teams';
  return null;
}

export interface WebhookForm {
  url: string;
  preset: WebhookPreset;
  events: readonly WebhookEvent[];
  /** As typed in the number field (a string while empty). */
  hours: number | string;
}

export type WebhookFormErrors = Partial<Record<'url' | 'events' | 'hours', MessageKey>>;

/** What is wrong with the form before it is sent; empty when nothing is. */
export function checkWebhookForm(form: WebhookForm): WebhookFormErrors {
  const errors: WebhookFormErrors = {};
  const url = form.url.trim();
  if (url === '') errors.url = 'integrations.form.urlRequired';
  else {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (parsed === null || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
      errors.url = 'integrations.form.urlInvalid';
    else if (parsed.username !== '' || parsed.password !== '')
      errors.url = 'integrations.form.urlCredentials';
  }
  if (form.events.length === 0) errors.events = 'integrations.form.eventsRequired';
  if (form.events.includes('question.unanswered')) {
    const hours = Number(form.hours);
    if (
      String(form.hours).trim() === '' ||
      !Number.isInteger(hours) ||
      hours < UNANSWERED_HOURS.min ||
      hours > UNANSWERED_HOURS.max
    )
      errors.hours = 'integrations.form.hoursInvalid';
  }
  return errors;
}

/** The request body for a checked form (hours only with the event that uses them). */
export function createBody(form: WebhookForm): WebhookCreateBody {
  const events = EVENT_ORDER.filter((event) => form.events.includes(event));
  return {
    url: form.url.trim(),
    preset: form.preset,
    events,
    ...(events.includes('question.unanswered') ? { unansweredHours: Number(form.hours) } : {}),
  };
}

/** On, turned off by hand, or turned off by Outloud because it kept failing. */
export type WebhookState = 'active' | 'off' | 'disabled';

export function webhookState(webhook: Pick<Webhook, 'active' | 'disabledReason'>): WebhookState {
  if (webhook.active) return 'active';
  return webhook.disabledReason === undefined ? 'off' : 'disabled';
}

/**
 * Whether a refused create names the address (`validation_failed` details `[{ field: 'url' }]`):
 * then the service judged the target itself, e.g. a local or private network address.
 */
export function refusesUrl(details: unknown): boolean {
  if (!Array.isArray(details)) return false;
  return (details as unknown[]).some(
    (issue) =>
      typeof issue === 'object' &&
      issue !== null &&
      'field' in issue &&
      typeof issue.field === 'string' &&
      /(^|[./])url$/.test(issue.field),
  );
}
