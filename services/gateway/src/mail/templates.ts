/** An email's subject and both bodies, ready for `queueEmail`. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * One account email: a greeting, paragraphs, one button with its link, and a closing note. The
 * link is printed in full in both bodies, since some mail clients drop buttons.
 */
export function renderEmail(parts: {
  subject: string;
  greeting: string;
  paragraphs: readonly string[];
  action: { label: string; link: string };
  footer: string;
}): RenderedEmail {
  const text = [
    parts.greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    `${parts.action.label}: ${parts.action.link}`,
    '',
    parts.footer,
    '',
  ].join('\n');
  const p = (content: string) =>
    `<p style="margin:0 0 16px;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933">${content}</p>`;
  const link = escapeHtml(parts.action.link);
  const html = [
    '<!doctype html><html><body style="margin:0;padding:24px;background:#f5f7fa">',
    '<div style="max-width:520px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px">',
    p(escapeHtml(parts.greeting)),
    ...parts.paragraphs.map((para) => p(escapeHtml(para))),
    `<p style="margin:24px 0"><a href="${link}" style="display:inline-block;padding:12px 20px;background:#2457d6;color:#ffffff;text-decoration:none;border-radius:6px;font:600 16px system-ui,sans-serif">${escapeHtml(parts.action.label)}</a></p>`,
    p(
      `Or open this link: <a href="${link}" style="color:#2457d6;word-break:break-all">${link}</a>`,
    ),
    `<p style="margin:24px 0 0;font:13px/1.5 system-ui,sans-serif;color:#616e7c">${escapeHtml(parts.footer)}</p>`,
    '</div></body></html>',
  ].join('');
  return { subject: parts.subject, text, html };
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

export function verifyEmailMessage(values: {
  displayName: string;
  link: string;
  validHours: number;
}): RenderedEmail {
  return renderEmail({
    subject: 'Outloud: confirm your email address',
    greeting: `Hello ${values.displayName},`,
    paragraphs: [
      'Please confirm that this is your email address, so that Outloud can reach you here ' +
        '(for example to reset your password).',
    ],
    action: { label: 'Confirm my email', link: values.link },
    footer:
      `The link works once, for ${plural(values.validHours, 'hour')}. ` +
      'If you did not create an Outloud account, ignore this email.',
  });
}

export function resetPasswordMessage(values: {
  displayName: string;
  link: string;
  validMinutes: number;
}): RenderedEmail {
  return renderEmail({
    subject: 'Outloud: reset your password',
    greeting: `Hello ${values.displayName},`,
    paragraphs: [
      'Someone (hopefully you) asked to reset the password of your Outloud account. ' +
        'Setting a new password signs you out everywhere.',
    ],
    action: { label: 'Choose a new password', link: values.link },
    footer:
      `The link works once, for ${plural(values.validMinutes, 'minute')}; only the latest link ` +
      'you asked for works. If you did not ask, ignore this email: your password stays as it is.',
  });
}
