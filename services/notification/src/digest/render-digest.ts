import type { NotificationType } from '@outloud/contracts';
import type { DigestContent } from './collect-digest.js';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

const SAYS: Record<NotificationType, string> = {
  mention: 'mentioned you in',
  answer: 'answered',
  accepted: 'accepted your answer to',
  reply: 'replied in',
  followed_post: 'posted',
  announcement: 'announced',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The daily digest as an email: plain HTML (inline styles only) and an equivalent text part. */
export function renderDigest(
  content: DigestContent,
  context: { displayName: string; appUrl: string; day: string },
): RenderedDigest {
  const link = (postId: string) => `${context.appUrl.replace(/\/$/, '')}/#/posts/${postId}`;
  const subject =
    content.unreadCount > 0
      ? `Outloud: ${content.unreadCount} unread notification${content.unreadCount === 1 ? '' : 's'} and the day's best posts`
      : `Outloud: the day's best posts for you`;

  const lines = [`Hello ${context.displayName},`, '', `Your Outloud digest for ${context.day}.`];
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1a1a;max-width:600px">',
    `<p>Hello ${escapeHtml(context.displayName)},</p>`,
    `<p>Your Outloud digest for ${escapeHtml(context.day)}.</p>`,
  ];

  if (content.unreadCount > 0) {
    lines.push('', `Unread notifications (${content.unreadCount}):`);
    html.push(`<h2 style="font-size:18px">Unread notifications (${content.unreadCount})</h2><ul>`);
    for (const n of content.unread) {
      const who = n.actor?.displayName ?? 'Someone';
      lines.push(`- ${who} ${SAYS[n.type]} "${n.post.title}": ${link(n.postId)}`);
      html.push(
        `<li>${escapeHtml(who)} ${SAYS[n.type]} <a href="${escapeHtml(link(n.postId))}">${escapeHtml(n.post.title)}</a></li>`,
      );
    }
    const more = content.unreadCount - content.unread.length;
    if (more > 0) {
      lines.push(`  …and ${more} more.`);
      html.push(`<li>…and ${more} more.</li>`);
    }
    html.push('</ul>');
  }

  if (content.topPosts.length > 0) {
    lines.push('', 'Top posts in what you follow:');
    html.push('<h2 style="font-size:18px">Top posts in what you follow</h2><ul>');
    for (const p of content.topPosts) {
      const figures = `${p.score} helpful, ${p.answerCount} answer${p.answerCount === 1 ? '' : 's'}`;
      lines.push(`- [${p.kind}] ${p.title} (${figures}): ${link(p.id)}`);
      html.push(
        `<li>[${p.kind}] <a href="${escapeHtml(link(p.id))}">${escapeHtml(p.title)}</a> (${figures})</li>`,
      );
    }
    html.push('</ul>');
  }

  const settings = `${context.appUrl.replace(/\/$/, '')}/#/settings`;
  lines.push('', `Change what you receive: ${settings}`);
  html.push(
    `<p style="color:#555;font-size:13px"><a href="${escapeHtml(settings)}">Change what you receive</a></p>`,
    '</body></html>',
  );
  return { subject, html: html.join('\n'), text: lines.join('\n') + '\n' };
}
