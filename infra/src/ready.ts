import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, type ManagedProcess } from './processes.js';

/** Polls `url` until it answers 200; fails early if `proc` exits or `signal` aborts. */
export async function waitReady(
  url: string,
  proc: ManagedProcess,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastStatus = 'no answer';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (!proc.isRunning()) {
      const exit = await proc.exited;
      throw new Error(
        `${proc.name} exited before it was ready (${describeExit(exit)}).\n` +
          `Last output:\n${proc.logTail() || '(none)'}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
      lastStatus = `status ${response.status}`;
    } catch {
      lastStatus = 'no answer';
    }
    await sleep(150);
  }
  throw new Error(
    `${proc.name} was not ready within ${timeoutMs} ms (${url}: ${lastStatus}).\n` +
      `Last output:\n${proc.logTail() || '(none)'}`,
  );
}
