import { describe, expect, it } from 'vitest';
import { invitationMessage, resetPasswordMessage, verifyEmailMessage } from './templates.js';

describe('account email templates', () => {
  it('escapes everything a person wrote in the HTML body, and keeps the text body plain', () => {
    const message = verifyEmailMessage('en', {
      displayName: '<img src=x onerror=alert(1)> "Ada" & co',
      link: 'https://outloud.example/#/verify-email?token=a"b<c>&d',
      validHours: 48,
    });
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Ada&quot; &amp; co');
    expect(message.html).toContain(
      'href="https://outloud.example/#/verify-email?token=a&quot;b&lt;c&gt;&amp;d"',
    );
    expect(message.text).toContain('Hello <img src=x onerror=alert(1)> "Ada" & co,');
    expect(message.text).toContain('https://outloud.example/#/verify-email?token=a"b<c>&d');
    expect(message.text).toContain('48 hours');
  });

  it('tells how long a reset link works and that only the latest works', () => {
    const message = resetPasswordMessage('en', {
      displayName: 'Ada',
      link: 'https://x.test/l',
      validMinutes: 1,
    });
    expect(message.subject).toBe('Outloud: reset your password');
    expect(message.text).toContain('for 1 minute;');
    expect(message.text).toContain('only the latest link');
    expect(message.html).toContain('<html lang="en">');
  });

  it('writes the confirmation in German, escaped the same way', () => {
    const message = verifyEmailMessage('de', {
      displayName: 'Jörg <b>',
      link: 'https://x.test/#/verify-email?token=t',
      validHours: 1,
    });
    expect(message.subject).toBe('Outloud: Bestätige deine E-Mail-Adresse');
    expect(message.text).toContain('Hallo Jörg <b>,');
    expect(message.text).toContain(
      'E-Mail-Adresse bestätigen: https://x.test/#/verify-email?token=t',
    );
    expect(message.text).toContain('Der Link funktioniert einmal, 1 Stunde lang.');
    expect(message.html).toContain('<html lang="de">');
    expect(message.html).toContain('Hallo Jörg &lt;b&gt;,');
    expect(message.html).toContain('Oder öffne diesen Link:');
    expect(message.html).not.toContain('Or open this link');
  });

  it('writes the reset email in German with German durations', () => {
    const message = resetPasswordMessage('de', {
      displayName: 'Jörg',
      link: 'https://x.test/l',
      validMinutes: 30,
    });
    expect(message.subject).toBe('Outloud: Setze dein Passwort zurück');
    expect(message.text).toContain('Neues Passwort wählen: https://x.test/l');
    expect(message.text).toContain('30 Minuten lang; nur der zuletzt angeforderte Link gilt.');
    expect(message.text).not.toMatch(/password|minutes/i);
  });
});

describe('invitationMessage', () => {
  const values = {
    inviter: { displayName: 'Eve <script>', handle: 'eve' },
    link: 'https://outloud.test/#/invite?token=abc',
    expiresAt: new Date('2026-12-20T00:00:00Z'),
  };

  it('names the inviter and escapes them in HTML', () => {
    const email = invitationMessage('en', values);
    expect(email.subject).toBe('Eve <script> invited you to Outloud');
    expect(email.text).toContain('until December 20, 2026.');
    expect(email.html).toContain('Eve &lt;script&gt; (@eve)');
    expect(email.html).not.toContain('<script>');
    // The same layout as every other account email: a button and the link in full.
    expect(email.text).toContain('Create your account: https://outloud.test/#/invite?token=abc');
    expect(email.html).toContain('Or open this link:');
  });

  it('invites in German with a German date', () => {
    const email = invitationMessage('de', values);
    expect(email.subject).toBe('Eve <script> hat dich zu Outloud eingeladen');
    expect(email.text).toContain(
      'Eve <script> (@eve) hat dich in dein Team auf Outloud eingeladen',
    );
    expect(email.text).toContain('Konto erstellen: https://outloud.test/#/invite?token=abc');
    expect(email.text).toContain('bis zum 20. Dezember 2026.');
    expect(email.html).not.toContain('<script>');
  });
});
