import type { WebhookPreset } from '@outloud/contracts';
import type { PostSummary, WebhookMessage } from './webhook-messages.js';

/** A message in words: a headline, the linked title, a short text and who wrote it. */
interface Said {
  headline: string;
  title: string;
  url: string;
  text?: string;
  by?: string;
}

function say(message: WebhookMessage): Said {
  const data = message.data;
  const by = (p: PostSummary) => `${p.author.displayName} (@${p.author.handle})`;
  switch (message.type) {
    case 'post.created':
    case 'announcement': {
      if (!('post' in data) || !('excerpt' in data.post)) break;
      const post = data.post;
      const what =
        message.type === 'announcement'
          ? 'New announcement'
          : post.kind === 'question'
            ? 'New question'
            : 'New tip';
      return { headline: what, title: post.title, url: post.url, text: post.excerpt, by: by(post) };
    }
    case 'question.unanswered': {
      if (!('unansweredHours' in data) || !('excerpt' in data.post)) break;
      return {
        headline: `Unanswered for ${data.unansweredHours} h — can you help?`,
        title: data.post.title,
        url: data.post.url,
        text: data.post.excerpt,
        by: by(data.post),
      };
    }
    case 'answer.accepted': {
      if (!('answer' in data)) break;
      return {
        headline: 'Answer accepted',
        title: data.post.title,
        url: data.post.url,
        text: data.answer.excerpt,
        by: `${data.answer.author.displayName} (@${data.answer.author.handle})`,
      };
    }
    case 'challenge.day': {
      if (!('challenge' in data)) break;
      return {
        headline: `Challenge day ${data.challenge.day}`,
        title: data.post.title,
        url: data.post.url,
      };
    }
  }
  return { headline: 'Outloud', title: message.type, url: '' };
}

/** Slack's mrkdwn treats these three as markup. */
const slackEscape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A Slack incoming-webhook message: `text` for notifications, `blocks` for the channel. */
export function slackBody(message: WebhookMessage): object {
  const said = say(message);
  const link = said.url ? `<${said.url}|${slackEscape(said.title)}>` : slackEscape(said.title);
  const blocks: object[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${slackEscape(said.headline)}*\n${link}${said.text ? `\n${slackEscape(said.text)}` : ''}`,
      },
    },
  ];
  if (said.by) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(said.by) }] });
  }
  return { text: `${slackEscape(said.headline)}: ${link}`, blocks };
}

/**
 * A Microsoft Teams message with an Adaptive Card, the shape Teams' "post to a channel when a
 * webhook request is received" workflow (and the older incoming-webhook connector) accepts.
 */
export function teamsBody(message: WebhookMessage): object {
  const said = say(message);
  const body: object[] = [
    { type: 'TextBlock', text: said.headline, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: said.title, wrap: true },
  ];
  if (said.text) body.push({ type: 'TextBlock', text: said.text, wrap: true, isSubtle: true });
  if (said.by) body.push({ type: 'TextBlock', text: said.by, size: 'Small', isSubtle: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: said.url
            ? [{ type: 'Action.OpenUrl', title: 'Open in Outloud', url: said.url }]
            : [],
        },
      },
    ],
  };
}

/** The request body a delivery sends, for the webhook's preset. */
export function deliveryBody(preset: WebhookPreset, message: WebhookMessage): string {
  switch (preset) {
    case 'standard':
      return JSON.stringify(message);
    case 'slack':
      return JSON.stringify(slackBody(message));
    case 'teams':
      return JSON.stringify(teamsBody(message));
    default: {
      const unknown: never = preset;
      return unknown;
    }
  }
}
