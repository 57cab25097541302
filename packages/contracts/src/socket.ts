import type { Answer, Post } from './api/posts.js';

/** Events the server emits to browsers (socket.io `ServerToClientEvents`). */
export interface ServerToClientEvents {
  'post:created': (payload: { post: Post }) => void;
  'post:updated': (payload: { post: Post }) => void;
  'post:deleted': (payload: { id: string }) => void;
  'answer:created': (payload: { answer: Answer }) => void;
  'answer:accepted': (payload: { answer: Answer }) => void;
  'vote:changed': (payload: { targetType: 'post' | 'answer'; id: string; score: number }) => void;
  error: (payload: { code: string; message: string }) => void;
}

/** Events browsers send (socket.io `ClientToServerEvents`). */
export interface ClientToServerEvents {
  'channel:subscribe': (payload: { channelId: string }) => void;
  'channel:unsubscribe': (payload: { channelId: string }) => void;
  'post:subscribe': (payload: { postId: string }) => void;
  'post:unsubscribe': (payload: { postId: string }) => void;
}

export const SocketRooms = {
  channel: (id: string) => `channel:${id}`,
  post: (id: string) => `post:${id}`,
  user: (id: string) => `user:${id}`,
} as const;
