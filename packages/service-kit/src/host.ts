/**
 * What the runtime needs from the process it runs in. The default is the real process; tests pass
 * their own to watch exits and raise signals without ending the test runner.
 */
export interface ProcessHost {
  readonly env: Record<string, string | undefined>;
  exit(code: number): void;
  /** Calls `handler` on SIGTERM and SIGINT. */
  onStopSignal(handler: (signal: string) => void): void;
  /** Calls `handler` on an uncaught exception or an unhandled promise rejection. */
  onFatal(
    handler: (kind: 'uncaughtException' | 'unhandledRejection', error: unknown) => void,
  ): void;
  /** One line to standard error, for failures before there is a logger. */
  printError(text: string): void;
}

export const nodeProcess: ProcessHost = {
  env: process.env,
  exit: (code) => process.exit(code),
  onStopSignal(handler) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => handler(signal));
  },
  onFatal(handler) {
    process.on('uncaughtException', (error) => handler('uncaughtException', error));
    process.on('unhandledRejection', (reason) => handler('unhandledRejection', reason));
  },
  printError: (text) => void process.stderr.write(`${text}\n`),
};
