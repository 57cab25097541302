import { describe, expect, it } from 'vitest';
import { canAnnounce, canInvite, canManageChannel, canModerate, canModify } from './permissions';

const member = { id: 'u1', roles: ['member'] } as const;
const ld = { id: 'u2', roles: ['member', 'ld'] } as const;
const admin = { id: 'u3', roles: ['admin'] } as const;

describe('canAnnounce', () => {
  it('allows ld, manager and admin roles only', () => {
    expect(canAnnounce(member)).toBe(false);
    expect(canAnnounce(ld)).toBe(true);
    expect(canAnnounce({ id: 'u4', roles: ['manager'] })).toBe(true);
    expect(canAnnounce(admin)).toBe(true);
  });
});

describe('canManageChannel', () => {
  it('allows the owner and admins', () => {
    expect(canManageChannel(member, { ownerId: 'u1' })).toBe(true);
    expect(canManageChannel(ld, { ownerId: 'u1' })).toBe(false);
    expect(canManageChannel(admin, { ownerId: null })).toBe(true);
  });
});

describe('canModify', () => {
  it('allows the author and admins', () => {
    expect(canModify(member, 'u1')).toBe(true);
    expect(canModify(member, 'u2')).toBe(false);
    expect(canModify(admin, 'u1')).toBe(true);
  });
});

describe('canInvite', () => {
  it('allows managers and admins only', () => {
    expect(canInvite(member)).toBe(false);
    expect(canInvite(ld)).toBe(false);
    expect(canInvite({ id: 'u5', roles: ['member', 'manager'] })).toBe(true);
    expect(canInvite({ id: 'u6', roles: ['member', 'moderator'] })).toBe(false);
    expect(canInvite(admin)).toBe(true);
  });
});

describe('canModerate', () => {
  it('allows moderators and admins only', () => {
    expect(canModerate(member)).toBe(false);
    expect(canModerate(ld)).toBe(false);
    expect(canModerate({ id: 'u7', roles: ['member', 'moderator'] })).toBe(true);
    expect(canModerate(admin)).toBe(true);
  });
});
