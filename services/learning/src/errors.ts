import { RpcError } from '@outloud/bus';

/** Domain errors of the learning service (codes from the shared catalogue). */
export const errors = {
  goalNotFound: () => new RpcError('goal_not_found', 'Goal not found.'),
  challengeNotFound: () => new RpcError('challenge_not_found', 'Challenge not found.'),
  channelNotFound: () => new RpcError('channel_not_found', 'Channel not found.'),
  postNotFound: (message = 'Post not found.') => new RpcError('post_not_found', message),
  notFound: (message: string) => new RpcError('not_found', message),
  forbidden: (message: string) => new RpcError('forbidden', message),
  conflict: (message: string) => new RpcError('conflict', message),
  /** A 400 whose details name the field, like schema validation failures. */
  invalid: (field: string, message: string) =>
    new RpcError('validation_failed', message, [{ field, message }]),
} as const;
