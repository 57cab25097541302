import {
  ROLES,
  USER_STATUSES,
  type AuditEntry,
  type Role,
  type SignupPolicy,
  type UserStatus,
} from '@outloud/contracts';
import { currentLocale, translate, type MessageKey } from '../i18n';
import { roleLabel, statusLabel } from './roles';

/** The actions the gateway records (`recordAudit`), with how the log names one entry of each. */
const actionNames: Record<string, MessageKey> = {
  'user.roles': 'admin.audit.entry.userRoles',
  'user.status': 'admin.audit.entry.userStatus',
  'invitation.create': 'admin.audit.entry.invitationCreate',
  'invitation.revoke': 'admin.audit.entry.invitationRevoke',
  'settings.update': 'admin.audit.entry.settingsUpdate',
  'moderation.hide': 'moderation.audit.hide',
  'moderation.restore': 'moderation.audit.restore',
  'moderation.dismiss': 'moderation.audit.dismiss',
  'moderation.lock': 'moderation.audit.lock',
  'moderation.unlock': 'moderation.audit.unlock',
  'moderation.delete': 'moderation.audit.delete',
};

const signupPolicies: Record<SignupPolicy, MessageKey> = {
  open: 'admin.signup.open',
  domain: 'admin.signup.domain',
  invite: 'admin.signup.invite',
};

/** An invitation entry lists this many addresses; the rest are counted (up to 500 per entry). */
const EMAILS_SHOWN = 5;

/** What an audit action is called on screen; an action this app does not know keeps its code. */
export function auditActionName(action: string): string {
  const key = Object.hasOwn(actionNames, action) ? actionNames[action] : undefined;
  return key === undefined ? action : translate(key);
}

/** Whether `auditActionName` has words for the action (otherwise it shows the code). */
export function isKnownAuditAction(action: string): boolean {
  return Object.hasOwn(actionNames, action);
}

/** What the entry acted on: a person's handle, an address, or what the server labelled it. */
export function auditTargetText(entry: AuditEntry): string {
  switch (entry.action) {
    case 'settings.update':
      return translate('admin.signup.heading');
    case 'invitation.create': {
      const count = entry.details['count'];
      if (typeof count === 'number')
        return translate('admin.audit.detail.invitationCount', { count });
      break;
    }
  }
  return entry.target.label ?? entry.target.id ?? entry.target.type;
}

/** The entry's details as short lines, in the app language; empty when there is nothing to add. */
export function auditDetailLines(entry: AuditEntry): string[] {
  const details = entry.details;
  switch (entry.action) {
    case 'user.roles':
      return roleChangeLines(details['before'], details['after']) ?? genericLines(details);
    case 'user.status':
      return statusChangeLines(details) ?? genericLines(details);
    case 'invitation.create':
      return invitationLines(details) ?? genericLines(details);
    case 'invitation.revoke':
      return genericLines(details);
    case 'settings.update':
      return settingsChangeLines(details['before'], details['after']) ?? genericLines(details);
    default:
      if (entry.action.startsWith('moderation.'))
        return moderationLines(details) ?? genericLines(details);
      return genericLines(details);
  }
}

// Each reader below answers null when the details are not shaped as expected (an older entry,
// say): the generic key-and-value lines show them then.

function roleChangeLines(before: unknown, after: unknown): string[] | null {
  if (!isStringList(before) || !isStringList(after)) return null;
  const added = after.filter((role) => !before.includes(role));
  const removed = before.filter((role) => !after.includes(role));
  const lines: string[] = [];
  if (added.length > 0)
    lines.push(translate('admin.audit.detail.rolesAdded', { roles: roleList(added) }));
  if (removed.length > 0)
    lines.push(translate('admin.audit.detail.rolesRemoved', { roles: roleList(removed) }));
  if (lines.length === 0) lines.push(translate('admin.audit.detail.unchanged'));
  lines.push(translate('admin.audit.detail.rolesNow', { roles: roleList(after) }));
  return lines;
}

function statusChangeLines(details: Record<string, unknown>): string[] | null {
  const { from, to, reason } = details;
  if (typeof from !== 'string' || typeof to !== 'string') return null;
  const lines = [
    translate('admin.audit.detail.change', { before: statusName(from), after: statusName(to) }),
  ];
  if (typeof reason === 'string' && reason !== '')
    lines.push(translate('admin.audit.detail.reason', { reason }));
  return lines;
}

/** A moderator's action: on a post or an answer, why, and how many open flags it resolved. */
function moderationLines(details: Record<string, unknown>): string[] | null {
  const { targetType, reason, resolvedFlags } = details;
  if (targetType !== 'post' && targetType !== 'answer') return null;
  const lines = [translate('moderation.audit.target', { target: targetType })];
  if (typeof reason === 'string' && reason !== '')
    lines.push(translate('admin.audit.detail.reason', { reason }));
  if (typeof resolvedFlags === 'number')
    lines.push(translate('moderation.audit.resolvedFlags', { count: resolvedFlags }));
  return lines;
}

function invitationLines(details: Record<string, unknown>): string[] | null {
  const { emails, roles, channelIds } = details;
  if (!isStringList(emails)) return null;
  const shown = emails.slice(0, EMAILS_SHOWN).join(', ');
  const hidden = emails.length - EMAILS_SHOWN;
  const lines = [
    translate('admin.audit.detail.invitees', {
      emails:
        hidden > 0 ? translate('admin.audit.detail.moreEmails', { shown, count: hidden }) : shown,
    }),
  ];
  if (isStringList(roles) && roles.length > 0)
    lines.push(translate('admin.audit.detail.inviteRoles', { roles: roleList(roles) }));
  if (isStringList(channelIds) && channelIds.length > 0)
    lines.push(translate('admin.audit.detail.inviteChannels', { count: channelIds.length }));
  return lines;
}

function settingsChangeLines(before: unknown, after: unknown): string[] | null {
  if (!isRecord(before) || !isRecord(after)) return null;
  const lines: string[] = [];
  if (before['signup'] !== after['signup'])
    lines.push(
      translate('admin.audit.detail.signup', {
        before: signupName(before['signup']),
        after: signupName(after['signup']),
      }),
    );
  const domainsBefore = isStringList(before['allowedDomains']) ? before['allowedDomains'] : [];
  const domainsAfter = isStringList(after['allowedDomains']) ? after['allowedDomains'] : [];
  if (domainsBefore.join(',') !== domainsAfter.join(','))
    lines.push(
      translate('admin.audit.detail.domains', {
        before: listOrNone(domainsBefore),
        after: listOrNone(domainsAfter),
      }),
    );
  if (before['passwordLogin'] !== after['passwordLogin'])
    lines.push(
      translate('admin.audit.detail.passwordLogin', {
        before: onOff(before['passwordLogin']),
        after: onOff(after['passwordLogin']),
      }),
    );
  if (lines.length === 0) lines.push(translate('admin.audit.detail.unchanged'));
  return lines;
}

/** Details of an action this app has no words for: `key: value` lines, empty values left out. */
function genericLines(details: Record<string, unknown>): string[] {
  return Object.entries(details)
    .filter(
      ([, value]) =>
        value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
    )
    .map(([key, value]) => `${key}: ${valueText(value)}`);
}

// Nested values (a setting's before and after) read as words, not as JSON.
function valueText(value: unknown): string {
  if (Array.isArray(value))
    return value.length === 0 ? translate('admin.audit.none') : value.map(valueText).join(', ');
  if (isRecord(value))
    return Object.entries(value)
      .map(([key, inner]) => `${key} ${valueText(inner)}`)
      .join(', ');
  return String(value);
}

function roleList(roles: readonly string[]): string {
  return formatList(roles.map(roleName));
}

function roleName(role: string): string {
  return isRole(role) ? translate(roleLabel(role)) : role;
}

function statusName(status: string): string {
  return isUserStatus(status) ? translate(statusLabel(status)) : status;
}

function signupName(policy: unknown): string {
  if (typeof policy === 'string' && Object.hasOwn(signupPolicies, policy))
    return translate(signupPolicies[policy as SignupPolicy]);
  return String(policy);
}

function onOff(value: unknown): string {
  if (typeof value !== 'boolean') return String(value);
  return translate(value ? 'admin.audit.detail.on' : 'admin.audit.detail.off');
}

function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? translate('admin.audit.none') : items.join(', ');
}

function formatList(items: readonly string[]): string {
  if (items.length === 0) return translate('admin.audit.none');
  return new Intl.ListFormat(currentLocale(), { style: 'long', type: 'conjunction' }).format(items);
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function isUserStatus(value: string): value is UserStatus {
  return (USER_STATUSES as readonly string[]).includes(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
