import type { Locale } from '@outloud/contracts';
import type { DigestContent } from './collect-digest.js';
import { digestMessages } from './digest-messages.js';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `2026-03-10` as the reader says it ("March 10, 2026", "10. März 2026"). */
export function formatDigestDay(day: string, locale: Locale): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/**
 * The daily digest as an email in the reader's language: plain HTML (inline styles only) and an
 * equivalent text part.
 */
export function renderDigest(
  content: DigestContent,
  context: { displayName: string; appUrl: string; day: string; locale: Locale },
): RenderedDigest {
  const say = digestMessages(context.locale);
  const number = new Intl.NumberFormat(context.locale);
  const count = (value: number) => number.format(value);
  const link = (postId: string) => `${context.appUrl.replace(/\/$/, '')}/#/posts/${postId}`;
  const subject =
    content.unreadCount > 0
      ? say.subjectWithUnread(content.unreadCount, count(content.unreadCount))
      : say.subjectTopOnly;
  const day = formatDigestDay(context.day, context.locale);

  const lines = [say.greeting(context.displayName), '', say.intro(day)];
  const html = [
    `<!doctype html><html lang="${context.locale}"><body style="font-family:system-ui,sans-serif;color:#1a1a1a;max-width:600px">`,
    `<p>${escapeHtml(say.greeting(context.displayName))}</p>`,
    `<p>${escapeHtml(say.intro(day))}</p>`,
  ];

  if (content.unreadCount > 0) {
    const heading = say.unreadHeading(count(content.unreadCount));
    lines.push('', `${heading}:`);
    html.push(`<h2 style="font-size:18px">${escapeHtml(heading)}</h2><ul>`);
    for (const n of content.unread) {
      const who = n.actor?.displayName ?? say.nobody[n.type] ?? say.someone;
      const does = say.says[n.type];
      lines.push(`- ${who} ${does} "${n.post.title}": ${link(n.postId)}`);
      html.push(
        `<li>${escapeHtml(who)} ${escapeHtml(does)} <a href="${escapeHtml(link(n.postId))}">${escapeHtml(n.post.title)}</a></li>`,
      );
    }
    const more = content.unreadCount - content.unread.length;
    if (more > 0) {
      lines.push(`  ${say.andMore(count(more))}`);
      html.push(`<li>${escapeHtml(say.andMore(count(more)))}</li>`);
    }
    html.push('</ul>');
  }

  if (content.topPosts.length > 0) {
    lines.push('', `${say.topHeading}:`);
    html.push(`<h2 style="font-size:18px">${escapeHtml(say.topHeading)}</h2><ul>`);
    for (const p of content.topPosts) {
      const figures = say.figures(count(p.score), p.answerCount, count(p.answerCount));
      const kind = say.kind[p.kind];
      lines.push(`- [${kind}] ${p.title} (${figures}): ${link(p.id)}`);
      html.push(
        `<li>[${escapeHtml(kind)}] <a href="${escapeHtml(link(p.id))}">${escapeHtml(p.title)}</a> (${escapeHtml(figures)})</li>`,
      );
    }
    html.push('</ul>');
  }

  const settings = `${context.appUrl.replace(/\/$/, '')}/#/settings`;
  lines.push('', `${say.changeWhatYouReceive}: ${settings}`);
  html.push(
    `<p style="color:#555;font-size:13px"><a href="${escapeHtml(settings)}">${escapeHtml(say.changeWhatYouReceive)}</a></p>`,
    '</body></html>',
  );
  return { subject, html: html.join('\n'), text: lines.join('\n') + '\n' };
}
