import { eventually } from '@outloud/testkit';
import type { ChaosWorld } from './world.js';
import type { CaseFigures, Workload } from './workload.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fault: what breaks something, and what brings it back. */
export interface Fault {
  name: string;
  down(): Promise<void>;
  /** Brings it back; without it the survivors carry on alone (catch-up is timed from the fault). */
  up?(): Promise<void>;
}

/** How long the stream runs before the fault, during it, and after the restart. */
const BEFORE_MS = 1_500;
const DOWN_MS = 2_000;
const AFTER_MS = 1_500;

/**
 * Runs one fault under a steady write stream (10 posts a second), then waits for the world to
 * recover: every accepted write of the case in the feed, searchable and notified exactly once,
 * every durable consumer caught up, every /readyz green. Returns the figures; the caller asserts.
 */
export async function runCase(
  world: ChaosWorld,
  workload: Workload,
  fault: Fault,
): Promise<CaseFigures & { problems: string[] }> {
  workload.phase = fault.name;
  const crashesBefore = world.crashes().length;
  const stop = workload.stream(10);
  let caughtUp: Promise<number | undefined> = Promise.resolve(undefined);
  let readyMs: number | undefined;
  try {
    await sleep(BEFORE_MS);
    const faultAt = Date.now();
    await fault.down();
    await sleep(DOWN_MS);
    const restartAt = fault.up ? Date.now() : faultAt;
    if (fault.up) {
      await fault.up();
      readyMs = Date.now() - restartAt;
    }
    const last = workload.accepted.findLast((w) => w.phase === fault.name);
    if (last) {
      caughtUp = eventually(async () => ((await workload.delivered(last)) ? true : undefined), {
        timeoutMs: 90_000,
        intervalMs: 100,
        what: `${fault.name}: the last write before the restart delivered`,
      }).then(
        () => Date.now() - restartAt,
        () => undefined,
      );
    }
    await sleep(AFTER_MS);
  } finally {
    await stop();
  }
  const catchUpMs = await caughtUp;

  const problems: string[] = [];
  const crashes = world.crashes().slice(crashesBefore);
  if (crashes.length) problems.push(`crashed: ${crashes.join('; ')}`);
  const everyone = workload.accepted.filter((w) => w.phase === fault.name).map((w) => w.id);
  let audit = { missing: everyone, duplicated: [] as string[] };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      audit = await workload.audit([fault.name]);
    } catch (error) {
      // A process the fault took down may not be back yet: keep asking until the deadline.
      void error;
      audit = { missing: everyone, duplicated: [] };
    }
    if ((!audit.missing.length && !audit.duplicated.length) || Date.now() > deadline) break;
    await sleep(500);
  }
  if (audit.missing.length) problems.push(`${audit.missing.length} accepted writes not delivered`);
  if (audit.duplicated.length) problems.push(`${audit.duplicated.length} writes notified twice`);

  const lagging = await eventually(
    async () => {
      const behind = (await world.consumers()).filter((c) => c.pending || c.ackPending);
      return behind.length ? undefined : [];
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  ).catch(async () =>
    (await world.consumers()).filter((c) => c.pending || c.ackPending).map((c) => c.name),
  );
  if (lagging.length) problems.push(`consumers behind: ${lagging.join(', ')}`);
  const notReady = await eventually(
    async () => ((await world.notReady()).length ? undefined : []),
    { timeoutMs: 30_000, intervalMs: 250 },
  ).catch(() => world.notReady());
  if (notReady.length) problems.push(`not ready: ${notReady.join('; ')}`);

  const writes = workload.accepted.filter((w) => w.phase === fault.name);
  return {
    name: fault.name,
    accepted: writes.length,
    failed: workload.failedIn(fault.name),
    lost: audit.missing.length,
    duplicated: audit.duplicated.length,
    readyMs,
    catchUpMs,
    problems,
  };
}
