import { describe, expect, it } from 'vitest';
import {
  invitationEmail,
  invitationStatus,
  mayGrant,
  normalizeInvitees,
} from './invitations.logic.js';

describe('normalizeInvitees', () => {
  it('lowercases, trims and de-duplicates, keeping the first order', () => {
    expect(normalizeInvitees([' Ada@Example.com', 'bob@example.com', 'ada@example.COM'])).toEqual([
      'ada@example.com',
      'bob@example.com',
    ]);
  });
});

describe('mayGrant', () => {
  it('lets admins grant any role', () => {
    expect(mayGrant(['member', 'admin'], ['admin', 'moderator'])).toBe(true);
  });
  it('keeps admin and moderator out of reach of managers', () => {
    expect(mayGrant(['member', 'manager'], ['ld', 'manager'])).toBe(true);
    expect(mayGrant(['member', 'manager'], ['admin'])).toBe(false);
    expect(mayGrant(['member', 'manager'], ['moderator'])).toBe(false);
  });
});

describe('invitationStatus', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const later = new Date('2026-12-07T12:00:00Z');
  it('tells accepted, revoked, expired and pending apart', () => {
    expect(invitationStatus({ acceptedAt: now, revokedAt: null, expiresAt: later }, now)).toBe(
      'accepted',
    );
    expect(invitationStatus({ acceptedAt: null, revokedAt: now, expiresAt: later }, now)).toBe(
      'revoked',
    );
    expect(invitationStatus({ acceptedAt: null, revokedAt: null, expiresAt: now }, now)).toBe(
      'expired',
    );
    expect(invitationStatus({ acceptedAt: null, revokedAt: null, expiresAt: later }, now)).toBe(
      'pending',
    );
  });
});

describe('invitationEmail', () => {
  it('names the inviter and escapes them in HTML', () => {
    const email = invitationEmail({
      inviter: { displayName: 'Eve <script>', handle: 'eve' },
      link: 'https://outloud.test/#/invite?token=abc',
      expiresAt: new Date('2026-12-20T00:00:00Z'),
    });
    expect(email.subject).toBe('Eve <script> invited you to Outloud');
    expect(email.text).toContain('https://outloud.test/#/invite?token=abc');
    expect(email.text).toContain('until 2026-12-20');
    expect(email.html).toContain('Eve &lt;script&gt; (@eve)');
    expect(email.html).not.toContain('<script>');
    // The same layout as every other account email: a button and the link in full.
    expect(email.text).toContain('Create your account: https://outloud.test/#/invite?token=abc');
    expect(email.html).toContain('Or open this link:');
  });
});
