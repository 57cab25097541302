import type { Credential } from '../identity/identity.service.js';

/** A socket as the sweep sees it. */
export interface HeldSocket {
  credential: Credential;
  /** Tells the client why, then closes the connection. */
  end(): void;
}

/**
 * Every `intervalMs`, asks identity in one query which of the credentials held by this gateway's
 * sockets are no longer valid (signed out, expired, revoked) and ends those sockets. Each gateway
 * checks its own sockets, so this works across instances without any messaging, and covers expiry
 * as well as explicit ends. A sweep still running when the next is due is not overlapped.
 */
export function startCredentialSweep(deps: {
  intervalMs: number;
  sockets: () => Iterable<HeldSocket>;
  endedCredentials: (held: Credential[]) => Promise<Credential[]>;
  onError: (error: unknown) => void;
}): { stop(): void; sweep(): Promise<void> } {
  let running: Promise<void> | undefined;
  const sweep = async () => {
    const byCredential = new Map<string, { credential: Credential; sockets: HeldSocket[] }>();
    for (const socket of deps.sockets()) {
      const key = `${socket.credential.via}:${socket.credential.id}`;
      const entry = byCredential.get(key);
      if (entry) entry.sockets.push(socket);
      else byCredential.set(key, { credential: socket.credential, sockets: [socket] });
    }
    if (byCredential.size === 0) return;
    const ended = await deps.endedCredentials([...byCredential.values()].map((e) => e.credential));
    for (const credential of ended)
      for (const socket of byCredential.get(`${credential.via}:${credential.id}`)?.sockets ?? [])
        socket.end();
  };
  const tick = () => {
    running ??= sweep()
      .catch(deps.onError)
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    sweep: async () => {
      tick();
      await running;
    },
  };
}
