import { WEBHOOK_EVENTS, WEBHOOK_PRESETS } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import {
  checkWebhookForm,
  createBody,
  EVENT_ORDER,
  hostOf,
  PRESET_ORDER,
  refusesUrl,
  presetForUrl,
  webhookState,
  type WebhookForm,
} from './webhooks';

const form = (change: Partial<WebhookForm> = {}): WebhookForm => ({
  url: 'https://hooks.slack.com/services/T0/B0/secretpath',
  preset: 'slack',
  events: ['post.created'],
  hours: 24,
  ...change,
});

describe('webhook events and presets', () => {
  it('offers every event and preset of the contract', () => {
    expect([...EVENT_ORDER].sort()).toEqual([...WEBHOOK_EVENTS].sort());
    expect([...PRESET_ORDER].sort()).toEqual([...WEBHOOK_PRESETS].sort());
  });
});

describe('hostOf', () => {
  it('shows only the host, never the path that works as a credential', () => {
    expect(hostOf('https://hooks.slack.com/services/T0/B0/secretpath')).toBe('hooks.slack.com');
    expect(hostOf('http://127.0.0.1:4000/hook')).toBe('127.0.0.1:4000');
  });
});

describe('presetForUrl', () => {
  it("picks Slack for Slack's webhook host and Teams for Microsoft's", () => {
    expect(presetForUrl('https://hooks.slack.com/services/T0/B0/x')).toBe('slack');
    expect(presetForUrl(' https://acme.webhook.office.com/webhookb2/x ')).toBe('teams');
    expect(presetForUrl('https://prod-01.westeurope.logic.azure.com/workflows/x')).toBe('teams');
  });

  it('has no opinion about other addresses or text that is not one', () => {
    expect(presetForUrl('https://ci.example.com/hook')).toBeNull();
    expect(presetForUrl('hooks.slack.com')).toBeNull();
    expect(presetForUrl('https://notslack.com.evil/hooks.slack.com')).toBeNull();
  });
});

describe('checkWebhookForm', () => {
  it('accepts a complete form', () => {
    expect(checkWebhookForm(form())).toEqual({});
  });

  it('asks for an http(s) address without a user name or password', () => {
    expect(checkWebhookForm(form({ url: '  ' })).url).toBe('integrations.form.urlRequired');
    expect(checkWebhookForm(form({ url: 'hooks.slack.com/x' })).url).toBe(
      'integrations.form.urlInvalid',
    );
    expect(checkWebhookForm(form({ url: 'ftp://example.com/x' })).url).toBe(
      'integrations.form.urlInvalid',
    );
    expect(checkWebhookForm(form({ url: 'https://me:pw@example.com/x' })).url).toBe(
      'integrations.form.urlCredentials',
    );
  });

  it('asks for at least one event', () => {
    expect(checkWebhookForm(form({ events: [] })).events).toBe('integrations.form.eventsRequired');
  });

  it('checks the hours only when the unanswered-question event is picked', () => {
    const unanswered = form({ events: ['question.unanswered'] });
    expect(checkWebhookForm({ ...unanswered, hours: '' }).hours).toBe(
      'integrations.form.hoursInvalid',
    );
    expect(checkWebhookForm({ ...unanswered, hours: 0 }).hours).toBeDefined();
    expect(checkWebhookForm({ ...unanswered, hours: 721 }).hours).toBeDefined();
    expect(checkWebhookForm({ ...unanswered, hours: 1.5 }).hours).toBeDefined();
    expect(checkWebhookForm({ ...unanswered, hours: 720 })).toEqual({});
    expect(checkWebhookForm(form({ hours: '' }))).toEqual({});
  });
});

describe('createBody', () => {
  it('sends the trimmed address, the events in a stable order and hours only with their event', () => {
    expect(
      createBody(form({ url: ' https://x.example/h ', events: ['announcement', 'post.created'] })),
    ).toEqual({
      url: 'https://x.example/h',
      preset: 'slack',
      events: ['post.created', 'announcement'],
    });
    expect(createBody(form({ events: ['question.unanswered'], hours: '48' }))).toMatchObject({
      events: ['question.unanswered'],
      unansweredHours: 48,
    });
  });
});

describe('webhookState', () => {
  it('tells a webhook turned off by hand from one Outloud turned off', () => {
    expect(webhookState({ active: true })).toBe('active');
    expect(webhookState({ active: false })).toBe('off');
    expect(webhookState({ active: false, disabledReason: 'It kept failing' })).toBe('disabled');
  });
});

describe('refusesUrl', () => {
  it("recognises a refusal that names the webhook's address", () => {
    expect(refusesUrl([{ field: 'url', message: 'must not be a private or local address' }])).toBe(
      true,
    );
    expect(refusesUrl([{ field: 'body.url', message: 'must match format "uri"' }])).toBe(true);
  });

  it('ignores other fields and details that are not a list of issues', () => {
    expect(refusesUrl([{ field: 'events', message: 'is required' }])).toBe(false);
    expect(refusesUrl([{ field: 'curl' }])).toBe(false);
    expect(refusesUrl({ field: 'url' })).toBe(false);
    expect(refusesUrl(undefined)).toBe(false);
  });
});
