import type { Answer, ClientToServerEvents, Post, ServerToClientEvents } from '@outloud/contracts';
import { io, type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type VoteTarget = 'post' | 'answer';

interface ConnectionWatcher {
  /** The server refused something or the connection failed. */
  onError: (message: string) => void;
  /** Connected (again); `reconnected` is true after a lost connection came back. */
  onConnect?: (reconnected: boolean) => void;
}

export interface ChannelWatcher extends ConnectionWatcher {
  /** A post was created in the channel (possibly our own, already shown). */
  onPost: (post: Post) => void;
  onUpdate?: (post: Post) => void;
  onDelete?: (id: string) => void;
  /** A post's helpful score changed. */
  onPostScore?: (id: string, score: number) => void;
  /** An answer was added to one of the channel's posts. */
  onAnswer?: (answer: Answer) => void;
  /** An answer was accepted (or, with `accepted: false`, its acceptance withdrawn). */
  onAccepted?: (answer: Answer) => void;
}

export interface PostWatcher extends ConnectionWatcher {
  onUpdate: (post: Post) => void;
  onDelete: () => void;
  /** An answer was added (possibly our own, already shown). */
  onAnswer: (answer: Answer) => void;
  /** An answer was accepted, or its acceptance withdrawn. */
  onAccepted: (answer: Answer) => void;
  onScore: (targetType: VoteTarget, id: string, score: number) => void;
}

/** Connects to the gateway (same origin, session cookie) without subscribing to anything. */
export function connectLive(): LiveSocket {
  return io({ path: '/socket.io', withCredentials: true });
}

/** Calls `subscribe` on every connect, so a reconnect subscribes again, and reports errors. */
function watchConnection(
  socket: LiveSocket,
  watcher: ConnectionWatcher,
  subscribe: () => void,
): void {
  let connectedBefore = false;
  socket.on('connect', () => {
    subscribe();
    watcher.onConnect?.(connectedBefore);
    connectedBefore = true;
  });
  socket.on('error', ({ message }) => watcher.onError(message));
  socket.on('connect_error', (error) => {
    watcher.onError(`Live updates are unavailable: ${error.message}`);
  });
}

/** Streams one channel's post changes. Returns a function that closes the connection. */
export function watchChannel(channelId: string, watcher: ChannelWatcher): () => void {
  const socket = connectLive();
  watchConnection(socket, watcher, () => socket.emit('channel:subscribe', { channelId }));
  socket.on('post:created', ({ post }) => {
    if (post.channelId === channelId) watcher.onPost(post);
  });
  socket.on('post:updated', ({ post }) => {
    if (post.channelId === channelId) watcher.onUpdate?.(post);
  });
  socket.on('post:deleted', ({ id }) => watcher.onDelete?.(id));
  socket.on('vote:changed', ({ targetType, id, score }) => {
    if (targetType === 'post') watcher.onPostScore?.(id, score);
  });
  socket.on('answer:created', ({ answer }) => watcher.onAnswer?.(answer));
  socket.on('answer:accepted', ({ answer }) => watcher.onAccepted?.(answer));
  return () => {
    socket.disconnect();
  };
}

/** Streams one post's changes and answers. Returns a function that closes the connection. */
export function watchPost(postId: string, watcher: PostWatcher): () => void {
  const socket = connectLive();
  watchConnection(socket, watcher, () => socket.emit('post:subscribe', { postId }));
  socket.on('post:updated', ({ post }) => {
    if (post.id === postId) watcher.onUpdate(post);
  });
  socket.on('post:deleted', ({ id }) => {
    if (id === postId) watcher.onDelete();
  });
  socket.on('answer:created', ({ answer }) => {
    if (answer.postId === postId) watcher.onAnswer(answer);
  });
  socket.on('answer:accepted', ({ answer }) => {
    if (answer.postId === postId) watcher.onAccepted(answer);
  });
  socket.on('vote:changed', ({ targetType, id, score }) => watcher.onScore(targetType, id, score));
  return () => {
    socket.disconnect();
  };
}
