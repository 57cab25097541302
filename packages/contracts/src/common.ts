import Type from 'typebox';

/** Ids are UUID strings. */
export const Id = Type.String({ format: 'uuid' });
/** ISO-8601 UTC timestamps. */
export const Timestamp = Type.String({ format: 'date-time' });

export const Role = Type.Union([
  Type.Literal('member'),
  Type.Literal('ld'),
  Type.Literal('manager'),
  Type.Literal('moderator'),
  Type.Literal('admin'),
]);
export type Role = Type.Static<typeof Role>;
export const ROLES = [
  'member',
  'ld',
  'manager',
  'moderator',
  'admin',
] as const satisfies readonly Role[];

/**
 * Moderators and admins work the flag queue and see content hidden by moderation: the one answer
 * every service (and the web app) asks, so the rule is written once.
 */
export function canModerate(person: { readonly roles: readonly Role[] }): boolean {
  return person.roles.includes('moderator') || person.roles.includes('admin');
}

/** Who performs an action; travels with every service request and every event. */
export const Actor = Type.Object({
  id: Id,
  handle: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Role),
  /** When the account was made: newcomers' first day has modest caps on posts and links. */
  since: Type.Optional(Timestamp),
});
export type Actor = Type.Static<typeof Actor>;

/** Badges people earn; `ld` comes from the role, `works_out_loud` from regular sharing. */
export const Badge = Type.Union([Type.Literal('ld'), Type.Literal('works_out_loud')]);
export type Badge = Type.Static<typeof Badge>;

/** The public view of a person attached to content. */
export const AuthorRef = Type.Object({
  id: Id,
  handle: Type.String(),
  displayName: Type.String(),
  /** Added by the gateway on reads; absent in events. */
  badges: Type.Optional(Type.Array(Badge)),
  /** The person's picture (`/api/v1/avatars/…`), or null/absent when they have none. */
  avatarUrl: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type AuthorRef = Type.Static<typeof AuthorRef>;

export const Limits = {
  titleMax: 200,
  bodyMax: 40_000,
  tagsMax: 10,
  tagPattern: '^[a-z0-9][a-z0-9-]{0,31}$',
  pageDefault: 20,
  pageMax: 100,
  passwordMin: 10,
  handlePattern: '^[a-z0-9_]{3,30}$',
} as const;

export const Tag = Type.String({ pattern: Limits.tagPattern });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: Limits.pageMax })),
};

/** A keyset-paginated list. */
export const Page = <T extends Type.TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
