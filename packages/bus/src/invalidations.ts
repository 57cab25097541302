import type { NatsConnection } from './connection.js';
import { decodeJson } from './codec.js';

export interface InvalidationHandlers {
  /** A message heard on the subject, decoded (undefined when it is not JSON). */
  message(data: unknown): void;
  /** Messages may have been missed: everything kept must go. */
  lost(): void;
  onError?: ((err: unknown) => void) | undefined;
}

export interface InvalidationWatch {
  /**
   * False while NATS is disconnected: messages sent meanwhile never arrive, so what is loaded
   * then must not be kept.
   */
  readonly connected: boolean;
  stop(): void;
}

/**
 * Listens on a core NATS subject that tells an in-memory cache what to drop. Core NATS keeps
 * nothing for a subscriber that is away, so a subscription error, a disconnect and a reconnect
 * each count as messages lost.
 */
export function watchInvalidations(
  nc: NatsConnection,
  subject: string,
  handlers: InvalidationHandlers,
): InvalidationWatch {
  let connected = true;
  let watching = true;
  const subscription = nc.subscribe(subject, {
    callback: (error, msg) => {
      if (error) {
        handlers.onError?.(error);
        handlers.lost();
        return;
      }
      handlers.message(decodeJson(msg.data));
    },
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (!watching) break;
      if (status.type === 'disconnect') {
        connected = false;
        handlers.lost();
      } else if (status.type === 'reconnect') {
        handlers.lost();
        connected = true;
      }
    }
  })().catch((err: unknown) => handlers.onError?.(err));

  return {
    get connected() {
      return connected;
    },
    stop() {
      watching = false;
      subscription.unsubscribe();
    },
  };
}
