import Type from 'typebox';
import { Id, PageQuery, Timestamp } from '../common.js';

/** What an outgoing webhook can be told about (public content only). */
export const WEBHOOK_EVENTS = [
  'post.created',
  'question.unanswered',
  'answer.accepted',
  'announcement',
  'challenge.day',
] as const;
export const WebhookEvent = Type.Union([
  Type.Literal('post.created'),
  Type.Literal('question.unanswered'),
  Type.Literal('answer.accepted'),
  Type.Literal('announcement'),
  Type.Literal('challenge.day'),
]);
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * How a delivery's body is shaped: `standard` is Outloud's own JSON (`{ type, timestamp, data }`),
 * `slack` and `teams` are messages their incoming webhooks post as they are.
 */
export const WEBHOOK_PRESETS = ['standard', 'slack', 'teams'] as const;
export const WebhookPreset = Type.Union([
  Type.Literal('standard'),
  Type.Literal('slack'),
  Type.Literal('teams'),
]);
export type WebhookPreset = (typeof WEBHOOK_PRESETS)[number];

/** The most webhooks one instance keeps (so the list is one bounded page). */
export const WEBHOOKS_MAX = 50;

const WebhookUrl = Type.String({
  minLength: 8,
  maxLength: 2_000,
  format: 'uri',
  pattern: '^[hH][tT][tT][pP][sS]?://',
});
const WebhookEvents = Type.Array(WebhookEvent, { minItems: 1, maxItems: 5, uniqueItems: true });
/** Hours a public question waits without a visible answer before `question.unanswered`. */
const UnansweredHours = Type.Integer({ minimum: 1, maximum: 720 });

export const Webhook = Type.Object({
  id: Id,
  url: Type.String(),
  events: Type.Array(WebhookEvent),
  preset: WebhookPreset,
  active: Type.Boolean(),
  /** Why Outloud turned it off (it kept failing); absent while it is on or was turned off by hand. */
  disabledReason: Type.Optional(Type.String()),
  /** With `question.unanswered`: how long a question waits first. */
  unansweredHours: Type.Optional(UnansweredHours),
  createdAt: Timestamp,
  lastDeliveryAt: Type.Optional(Timestamp),
  /** Failed attempts since the last success. */
  failureCount: Type.Integer({ minimum: 0 }),
});
export type Webhook = Type.Static<typeof Webhook>;

export const WebhookList = Type.Object({
  items: Type.Array(Webhook, { maxItems: WEBHOOKS_MAX }),
  nextCursor: Type.Null(),
});
export type WebhookList = Type.Static<typeof WebhookList>;

export const WebhookCreateBody = Type.Object(
  {
    url: WebhookUrl,
    events: WebhookEvents,
    preset: Type.Optional(WebhookPreset),
    unansweredHours: Type.Optional(UnansweredHours),
  },
  { additionalProperties: false },
);
export type WebhookCreateBody = Type.Static<typeof WebhookCreateBody>;

/** The signing secret (`whsec_…`) is in this reply only: it is never shown again. */
export const WebhookCreated = Type.Object({ webhook: Webhook, secret: Type.String() });
export type WebhookCreated = Type.Static<typeof WebhookCreated>;

export const WebhookUpdateBody = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    events: Type.Optional(WebhookEvents),
    preset: Type.Optional(WebhookPreset),
    unansweredHours: Type.Optional(UnansweredHours),
    /** Turning a disabled webhook on again clears its failures. */
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookUpdateBody = Type.Static<typeof WebhookUpdateBody>;

export const WebhookResponse = Type.Object({ webhook: Webhook });
export type WebhookResponse = Type.Static<typeof WebhookResponse>;

export const WebhookParams = Type.Object({ id: Id });
export type WebhookParams = Type.Static<typeof WebhookParams>;

export const DeliveryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);
export type DeliveryStatus = Type.Static<typeof DeliveryStatus>;

/** One event on its way to one webhook; `id` is the `webhook-id` header of every attempt. */
export const WebhookDelivery = Type.Object({
  id: Id,
  event: WebhookEvent,
  status: DeliveryStatus,
  attempts: Type.Integer({ minimum: 0 }),
  /** The last attempt's HTTP status. */
  responseCode: Type.Optional(Type.Integer()),
  /** The last attempt's duration. */
  durationMs: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Why the last attempt failed (no response, timeout, refused address…). */
  error: Type.Optional(Type.String()),
  createdAt: Timestamp,
  /** When it is tried again (pending only). */
  nextAttemptAt: Type.Optional(Timestamp),
});
export type WebhookDelivery = Type.Static<typeof WebhookDelivery>;

export const DeliveryListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type DeliveryListQuery = Type.Static<typeof DeliveryListQuery>;

export const DeliveryPage = Type.Object({
  items: Type.Array(WebhookDelivery),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type DeliveryPage = Type.Static<typeof DeliveryPage>;
