import { describe, expect, it } from 'vitest';
import { resetPasswordMessage, verifyEmailMessage } from './templates.js';

describe('account email templates', () => {
  it('escapes everything a person wrote in the HTML body, and keeps the text body plain', () => {
    const message = verifyEmailMessage({
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
    const message = resetPasswordMessage({
      displayName: 'Ada',
      link: 'https://x.test/l',
      validMinutes: 1,
    });
    expect(message.subject).toBe('Outloud: reset your password');
    expect(message.text).toContain('for 1 minute;');
    expect(message.text).toContain('only the latest link');
  });
});
