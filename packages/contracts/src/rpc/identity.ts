import Type from 'typebox';
import { Id, Role } from '../common.js';
import { IdentityVerbs } from '../subjects.js';

/** What other services may learn about a person from the gateway, which owns identity. */
export const IdentityUser = Type.Object({
  id: Id,
  handle: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
});
export type IdentityUser = Type.Static<typeof IdentityUser>;

export const IdentityRpc = {
  /** The active people with these handles (unknown and inactive ones are left out). */
  [IdentityVerbs.usersByHandles]: {
    request: Type.Object({ handles: Type.Array(Type.String(), { maxItems: 500 }) }),
    reply: Type.Object({ users: Type.Array(IdentityUser) }),
  },
  /** The active people with these ids (unknown and inactive ones are left out). */
  [IdentityVerbs.usersByIds]: {
    request: Type.Object({ ids: Type.Array(Id, { maxItems: 500 }) }),
    reply: Type.Object({ users: Type.Array(IdentityUser) }),
  },
  /** Active people holding a role (at most `limit`, oldest accounts first). */
  [IdentityVerbs.usersWithRole]: {
    request: Type.Object({ role: Role, limit: Type.Integer({ minimum: 1, maximum: 200 }) }),
    reply: Type.Object({ users: Type.Array(IdentityUser) }),
  },
} as const;
