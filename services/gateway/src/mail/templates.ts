import type { Locale } from '@outloud/contracts';

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

/** Words every account email shares, by language. */
const chrome: Record<Locale, { linkIntro: string }> = {
  en: { linkIntro: 'Or open this link:' },
  de: { linkIntro: 'Oder öffne diesen Link:' },
};

/**
 * One account email: a greeting, paragraphs, one button with its link, and a closing note. The
 * link is printed in full in both bodies, since some mail clients drop buttons.
 */
export function renderEmail(
  locale: Locale,
  parts: {
    subject: string;
    greeting: string;
    paragraphs: readonly string[];
    action: { label: string; link: string };
    footer: string;
  },
): RenderedEmail {
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
    `<!doctype html><html lang="${locale}"><body style="margin:0;padding:24px;background:#f5f7fa">`,
    '<div style="max-width:520px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px">',
    p(escapeHtml(parts.greeting)),
    ...parts.paragraphs.map((para) => p(escapeHtml(para))),
    `<p style="margin:24px 0"><a href="${link}" style="display:inline-block;padding:12px 20px;background:#2457d6;color:#ffffff;text-decoration:none;border-radius:6px;font:600 16px system-ui,sans-serif">${escapeHtml(parts.action.label)}</a></p>`,
    p(
      `${escapeHtml(chrome[locale].linkIntro)} <a href="${link}" style="color:#2457d6;word-break:break-all">${link}</a>`,
    ),
    `<p style="margin:24px 0 0;font:13px/1.5 system-ui,sans-serif;color:#616e7c">${escapeHtml(parts.footer)}</p>`,
    '</div></body></html>',
  ].join('');
  return { subject: parts.subject, text, html };
}

/** "1 hour", "48 hours", "1 Stunde", "48 Stunden". */
function duration(locale: Locale, count: number, unit: 'hour' | 'minute'): string {
  const words = {
    en: { hour: ['hour', 'hours'], minute: ['minute', 'minutes'] },
    de: { hour: ['Stunde', 'Stunden'], minute: ['Minute', 'Minuten'] },
  } as const;
  const [one, other] = words[locale][unit];
  return `${count} ${count === 1 ? one : other}`;
}

/** The confirmation link for a new address, in the person's email language. */
export function verifyEmailMessage(
  locale: Locale,
  values: { displayName: string; link: string; validHours: number },
): RenderedEmail {
  const valid = duration(locale, values.validHours, 'hour');
  switch (locale) {
    case 'en':
      return renderEmail(locale, {
        subject: 'Outloud: confirm your email address',
        greeting: `Hello ${values.displayName},`,
        paragraphs: [
          'Please confirm that this is your email address, so that Outloud can reach you here ' +
            '(for example to reset your password).',
        ],
        action: { label: 'Confirm my email', link: values.link },
        footer:
          `The link works once, for ${valid}. ` +
          'If you did not create an Outloud account, ignore this email.',
      });
    case 'de':
      return renderEmail(locale, {
        subject: 'Outloud: Bestätige deine E-Mail-Adresse',
        greeting: `Hallo ${values.displayName},`,
        paragraphs: [
          'bitte bestätige, dass das deine E-Mail-Adresse ist, damit Outloud dich hier erreichen ' +
            'kann (zum Beispiel, um dein Passwort zurückzusetzen).',
        ],
        action: { label: 'E-Mail-Adresse bestätigen', link: values.link },
        footer:
          `Der Link funktioniert einmal, ${valid} lang. ` +
          'Wenn du kein Outloud-Konto angelegt hast, ignoriere diese E-Mail.',
      });
  }
}

/** A password reset link, in the person's email language. */
export function resetPasswordMessage(
  locale: Locale,
  values: { displayName: string; link: string; validMinutes: number },
): RenderedEmail {
  const valid = duration(locale, values.validMinutes, 'minute');
  switch (locale) {
    case 'en':
      return renderEmail(locale, {
        subject: 'Outloud: reset your password',
        greeting: `Hello ${values.displayName},`,
        paragraphs: [
          'Someone (hopefully you) asked to reset the password of your Outloud account. ' +
            'Setting a new password signs you out everywhere.',
        ],
        action: { label: 'Choose a new password', link: values.link },
        footer:
          `The link works once, for ${valid}; only the latest link you asked for works. ` +
          'If you did not ask, ignore this email: your password stays as it is.',
      });
    case 'de':
      return renderEmail(locale, {
        subject: 'Outloud: Setze dein Passwort zurück',
        greeting: `Hallo ${values.displayName},`,
        paragraphs: [
          'jemand (hoffentlich du) möchte das Passwort deines Outloud-Kontos zurücksetzen. ' +
            'Mit einem neuen Passwort wirst du überall abgemeldet.',
        ],
        action: { label: 'Neues Passwort wählen', link: values.link },
        footer:
          `Der Link funktioniert einmal, ${valid} lang; nur der zuletzt angeforderte Link ` +
          'gilt. Wenn du nichts angefordert hast, ignoriere diese E-Mail: Dein Passwort bleibt, ' +
          'wie es ist.',
      });
  }
}

/** An invitation, in the inviter's email language: who invited them, the link, until when. */
export function invitationMessage(
  locale: Locale,
  values: { inviter: { displayName: string; handle: string }; link: string; expiresAt: Date },
): RenderedEmail {
  const until = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    values.expiresAt,
  );
  const { displayName, handle } = values.inviter;
  switch (locale) {
    case 'en':
      return renderEmail(locale, {
        subject: `${displayName} invited you to Outloud`,
        greeting: 'Hello,',
        paragraphs: [
          `${displayName} (@${handle}) invited you to join your team on Outloud, where ` +
            "colleagues share tips and answer each other's questions.",
        ],
        action: { label: 'Create your account', link: values.link },
        footer: `The link works once, until ${until}. If you did not expect this, ignore this email.`,
      });
    case 'de':
      return renderEmail(locale, {
        subject: `${displayName} hat dich zu Outloud eingeladen`,
        greeting: 'Hallo,',
        paragraphs: [
          `${displayName} (@${handle}) hat dich in dein Team auf Outloud eingeladen, wo ` +
            'Kolleginnen und Kollegen Tipps teilen und einander Fragen beantworten.',
        ],
        action: { label: 'Konto erstellen', link: values.link },
        footer:
          `Der Link funktioniert einmal, bis zum ${until}. ` +
          'Wenn du das nicht erwartet hast, ignoriere diese E-Mail.',
      });
  }
}
