import Type from 'typebox';
import { Id, Page, PageQuery, Timestamp } from '../common.js';
import { Channel } from './posts.js';

/**
 * Unread posts are counted up to this many per channel: a badge shows "99+" past 99, and no
 * count has to walk a channel's whole history.
 */
export const UNREAD_COUNT_MAX = 100;

const LastPostAt = Type.Union([Timestamp, Type.Null()], {
  description: 'When the newest post was written; null when there is none',
});

/** A channel the actor joined, as the sidebar shows it. */
export const JoinedChannel = Type.Object({
  ...Channel.properties,
  starred: Type.Boolean(),
  unreadCount: Type.Integer({
    minimum: 0,
    maximum: UNREAD_COUNT_MAX,
    description: `Posts by others since the actor last read the channel, counted up to ${UNREAD_COUNT_MAX}`,
  }),
  lastPostAt: LastPostAt,
});
export type JoinedChannel = Type.Static<typeof JoinedChannel>;

/** `GET /channels/mine`: every channel the actor joined, starred first, then by name. */
export const JoinedChannelList = Type.Object({ items: Type.Array(JoinedChannel) });
export type JoinedChannelList = Type.Static<typeof JoinedChannelList>;

export const DirectorySort = Type.Union([
  Type.Literal('activity'),
  Type.Literal('members'),
  Type.Literal('name'),
]);
export type DirectorySort = Type.Static<typeof DirectorySort>;

/** `GET /channels/directory` query: a search over slug, name and description, sorted, paged. */
export const DirectoryQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    sort: Type.Optional(DirectorySort),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type DirectoryQuery = Type.Static<typeof DirectoryQuery>;

/** A channel in the directory: how the actor sees it, with its last activity. */
export const DirectoryChannel = Type.Object({
  ...Channel.properties,
  isMember: Type.Boolean(),
  lastPostAt: LastPostAt,
});
export type DirectoryChannel = Type.Static<typeof DirectoryChannel>;

export const DirectoryPage = Page(DirectoryChannel);
export type DirectoryPage = Type.Static<typeof DirectoryPage>;

/** `POST /channels/:id/read`: read up to now, or up to (and including) one post of the channel. */
export const MarkChannelReadBody = Type.Object(
  { postId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type MarkChannelReadBody = Type.Static<typeof MarkChannelReadBody>;
