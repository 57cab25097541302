import type { AuditEntry } from '@outloud/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import {
  auditActionName,
  auditDetailLines,
  auditTargetText,
  isKnownAuditAction,
} from './audit-text';

function entry(
  action: string,
  details: Record<string, unknown>,
  target: Partial<AuditEntry['target']> = {},
): AuditEntry {
  return {
    id: '0190c2a4-3333-7000-8000-000000000000',
    actor: { id: '0190c2a4-4444-7000-8000-000000000000', handle: 'admin' },
    action,
    target: { type: 'user', id: null, label: null, ...target },
    details,
    at: '2026-12-06T10:00:00.000Z',
  };
}

// Every action `recordAudit` is called with in the gateway.
const SERVER_ACTIONS = [
  'user.roles',
  'user.status',
  'invitation.create',
  'invitation.revoke',
  'settings.update',
  'moderation.hide',
  'moderation.restore',
  'moderation.dismiss',
  'moderation.lock',
  'moderation.unlock',
  'moderation.delete',
];

describe('auditActionName', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('names every action the server records, in both languages', async () => {
    for (const action of SERVER_ACTIONS) {
      expect(isKnownAuditAction(action)).toBe(true);
      expect(auditActionName(action)).not.toBe(action);
    }
    expect(auditActionName('user.roles')).toBe('Roles changed');
    await setLocale('de');
    expect(auditActionName('user.roles')).toBe('Rollen geändert');
    expect(auditActionName('invitation.revoke')).toBe('Einladung widerrufen');
  });

  it('keeps the code of an action it does not know', () => {
    expect(isKnownAuditAction('channel.archive')).toBe(false);
    expect(auditActionName('channel.archive')).toBe('channel.archive');
    expect(auditActionName('toString')).toBe('toString');
  });
});

describe('auditDetailLines', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('tells which roles were given and taken, by their names', async () => {
    const given = entry('user.roles', { before: ['member'], after: ['member', 'admin'] });
    expect(auditDetailLines(given)).toEqual(['Added: Admin', 'Now: Member and Admin']);
    const taken = entry('user.roles', { before: ['member', 'ld', 'manager'], after: ['member'] });
    expect(auditDetailLines(taken)).toEqual(['Removed: L&D and Manager', 'Now: Member']);
    await setLocale('de');
    expect(auditDetailLines(given)).toEqual(['Hinzugefügt: Admin', 'Jetzt: Mitglied und Admin']);
  });

  it("shows a moderator's action with what it was on, the reason and the flags it resolved", async () => {
    const hidden = entry(
      'moderation.hide',
      { targetType: 'answer', reason: 'Advertising', resolvedFlags: 3 },
      { type: 'answer', label: 'Vault unseal keys?' },
    );
    expect(auditActionName('moderation.hide')).toBe('Content hidden');
    expect(auditTargetText(hidden)).toBe('Vault unseal keys?');
    expect(auditDetailLines(hidden)).toEqual([
      'An answer',
      'Reason: Advertising',
      '3 flags resolved',
    ]);
    const locked = entry('moderation.lock', { targetType: 'post', reason: null, resolvedFlags: 0 });
    expect(auditDetailLines(locked)).toEqual(['A post', 'No open flags']);
    await setLocale('de');
    expect(auditActionName('moderation.lock')).toBe('Thread gesperrt');
    expect(auditDetailLines(hidden)).toEqual([
      'Eine Antwort',
      'Grund: Advertising',
      '3 Meldungen erledigt',
    ]);
  });

  it('shows a status change with its reason', () => {
    const suspended = entry('user.status', {
      from: 'active',
      to: 'suspended',
      reason: 'Posting spam links',
    });
    expect(auditDetailLines(suspended)).toEqual([
      'Active → Suspended',
      'Reason: Posting spam links',
    ]);
    expect(auditDetailLines(entry('user.status', { from: 'suspended', to: 'active' }))).toEqual([
      'Suspended → Active',
    ]);
  });

  it('lists a few invitees and counts the rest', () => {
    const emails = Array.from({ length: 7 }, (_, i) => `p${i}@example.com`);
    const sent = entry(
      'invitation.create',
      { count: 7, emails, roles: ['manager'], channelIds: ['c1', 'c2'] },
      { type: 'invitation', label: '7 invitation(s)' },
    );
    expect(auditDetailLines(sent)).toEqual([
      'To p0@example.com, p1@example.com, p2@example.com, p3@example.com, p4@example.com and 2 more',
      'Roles: Manager',
      'Joins 2 channels',
    ]);
    expect(auditTargetText(sent)).toBe('7 invitations');
    const one = entry('invitation.create', {
      count: 1,
      emails: ['a@example.com'],
      roles: [],
      channelIds: [],
    });
    expect(auditDetailLines(one)).toEqual(['To a@example.com']);
  });

  it('shows only the settings that changed, in words', async () => {
    const before = { signup: 'open', allowedDomains: [], passwordLogin: true };
    const after = { signup: 'domain', allowedDomains: ['example.com'], passwordLogin: true };
    const changed = entry('settings.update', { before, after }, { type: 'settings' });
    expect(auditDetailLines(changed)).toEqual([
      'Who may sign up: Anyone with the address → People with an email address at these domains',
      'Allowed domains: none → example.com',
    ]);
    expect(auditTargetText(changed)).toBe('Sign-up and sign-in');
    const password = entry('settings.update', {
      before,
      after: { ...before, passwordLogin: false },
    });
    expect(auditDetailLines(password)).toEqual(['Password sign-in: on → off']);
    await setLocale('de');
    expect(auditDetailLines(password)).toEqual(['Anmeldung mit Passwort: an → aus']);
  });

  it('has nothing to add for a revoked invitation, whose address is its target', () => {
    const revoked = entry('invitation.revoke', {}, { type: 'invitation', label: 'a@example.com' });
    expect(auditDetailLines(revoked)).toEqual([]);
    expect(auditTargetText(revoked)).toBe('a@example.com');
  });

  it('falls back to key and value for unknown actions and unexpected shapes', () => {
    const unknown = entry('channel.archive', { reason: 'old', tags: ['a', 'b'], empty: [] });
    expect(auditDetailLines(unknown)).toEqual(['reason: old', 'tags: a, b']);
    const odd = entry('user.roles', { before: 'member', after: 'admin' });
    expect(auditDetailLines(odd)).toEqual(['before: member', 'after: admin']);
  });
});
