import { describe, expect, it } from 'vitest';
import { invitationStatus, mayGrant, normalizeInvitees } from './invitations.logic.js';

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
