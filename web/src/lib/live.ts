import type { ClientToServerEvents, Post, ServerToClientEvents } from '@outloud/contracts';
import { io, type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ChannelWatcher {
  /** A post was created in the channel (possibly our own, already shown). */
  onPost: (post: Post) => void;
  /** The server refused something or the connection failed. */
  onError: (message: string) => void;
  /** Connected (again); `reconnected` is true after a lost connection came back. */
  onConnect?: (reconnected: boolean) => void;
}

/** Connects to the gateway (same origin, session cookie) without subscribing to anything. */
export function connectLive(): LiveSocket {
  return io({ path: '/socket.io', withCredentials: true });
}

/**
 * Streams one channel's new posts. Subscribes on every connect, so a reconnect re-subscribes.
 * Returns a function that closes the connection.
 */
export function watchChannel(channelId: string, watcher: ChannelWatcher): () => void {
  const socket = connectLive();
  let connectedBefore = false;

  socket.on('connect', () => {
    socket.emit('channel:subscribe', { channelId });
    watcher.onConnect?.(connectedBefore);
    connectedBefore = true;
  });
  socket.on('post:created', ({ post }) => {
    if (post.channelId === channelId) watcher.onPost(post);
  });
  socket.on('error', ({ message }) => watcher.onError(message));
  socket.on('connect_error', (error) => {
    watcher.onError(`Live updates are unavailable: ${error.message}`);
  });

  return () => {
    socket.disconnect();
  };
}
