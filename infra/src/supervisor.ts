import type { LogSink } from './log.js';
import { describeExit, type ChildExit, type ManagedProcess } from './processes.js';
import {
  afterCrash,
  DEFAULT_RESTART_POLICY,
  NO_CRASHES,
  type CrashHistory,
  type RestartPolicy,
} from './restart-policy.js';

/** A supervised process that crashed too often in too short a time; it is not restarted. */
export interface CrashLoop {
  readonly name: string;
  readonly crashes: number;
  readonly windowMs: number;
  readonly exit: ChildExit;
  readonly logTail: string;
}

export interface SuperviseOptions {
  readonly name: string;
  /** Starts one run of the process; called again for each restart. */
  spawn(): ManagedProcess;
  /** The run already started (e.g. waited for until ready); spawned now when omitted. */
  readonly first?: ManagedProcess;
  readonly sink: LogSink;
  readonly policy?: Partial<RestartPolicy>;
  /** An exit that was asked for (a stop, a deliberate kill): no restart, supervision ends. */
  isExpected?(proc: ManagedProcess): boolean;
  readonly now?: () => number;
}

export interface Supervised {
  readonly name: string;
  /** The process of the current run. */
  current(): ManagedProcess;
  /** How many times it has been restarted. */
  readonly restarts: number;
  /** Settles (never rejects) when the process crash-loops and supervision gives up. */
  readonly gaveUp: Promise<CrashLoop>;
  /** Stops restarting (a pending restart is cancelled); does not stop the process itself. */
  stop(): void;
}

const TAIL_IN_MESSAGE = 10;

/**
 * Keeps a process running: when it exits unexpectedly, says why (exit code or signal and its last
 * lines) and restarts it after the policy's back-off; gives up when it crash-loops.
 */
export function supervise(options: SuperviseOptions): Supervised {
  const policy: RestartPolicy = { ...DEFAULT_RESTART_POLICY, ...options.policy };
  const now = options.now ?? Date.now;
  const say = (line: string) => options.sink('outloud', line);
  let proc = options.first ?? options.spawn();
  let startedAt = now();
  let history: CrashHistory = NO_CRASHES;
  let restarts = 0;
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;
  let giveUp: (loop: CrashLoop) => void = () => undefined;
  const gaveUp = new Promise<CrashLoop>((resolve) => (giveUp = resolve));

  const watch = (run: ManagedProcess): void => {
    void run.exited.then((exit) => {
      if (stopped || options.isExpected?.(run)) return;
      const tail = lastLines(run.logTail(), TAIL_IN_MESSAGE);
      say(
        `${options.name} exited unexpectedly (${describeExit(exit)}). Last lines:\n${tail || '(none)'}`,
      );
      const decision = afterCrash(history, { startedAt, endedAt: now() }, policy);
      history = decision.history;
      if (decision.action === 'give-up') {
        stopped = true;
        say(
          `${options.name} crashed ${decision.crashes} times within ${policy.crashWindowMs / 1000} s; ` +
            'not restarting it again.',
        );
        giveUp({
          name: options.name,
          crashes: decision.crashes,
          windowMs: policy.crashWindowMs,
          exit,
          logTail: run.logTail(),
        });
        return;
      }
      say(`Restarting ${options.name} in ${formatDelay(decision.delayMs)}…`);
      pending = setTimeout(() => {
        pending = undefined;
        if (stopped) return;
        restarts++;
        proc = options.spawn();
        startedAt = now();
        watch(proc);
      }, decision.delayMs);
    });
  };
  watch(proc);

  return {
    name: options.name,
    current: () => proc,
    get restarts() {
      return restarts;
    },
    gaveUp,
    stop() {
      stopped = true;
      if (pending) clearTimeout(pending);
      pending = undefined;
    },
  };
}

function lastLines(text: string, count: number): string {
  return text.split('\n').slice(-count).join('\n');
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}
