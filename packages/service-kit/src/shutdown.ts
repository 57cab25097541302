/** Anything that logs errors; a pino logger is one. */
export interface ShutdownLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** One step of an ordered shutdown, e.g. `{ name: 'nats', run: () => drainNats(nc) }`. */
export interface ShutdownStep {
  readonly name: string;
  run(): Promise<void> | void;
}

export interface Shutdown {
  /** Adds a step. Steps run last-added first: what was opened last is closed first. */
  add(step: ShutdownStep): void;
  /**
   * Runs every step once, newest first, however many times it is called. A step that throws is logged
   * and the next steps still run. Resolves to the exit code: 0, or 1 if any step failed.
   */
  run(reason: string): Promise<number>;
  readonly started: boolean;
}

/** An ordered, run-once shutdown whose steps cannot stop each other from running. */
export function createShutdown(logger: ShutdownLogger): Shutdown {
  const steps: ShutdownStep[] = [];
  let running: Promise<number> | undefined;
  return {
    add(step) {
      steps.push(step);
    },
    get started() {
      return running !== undefined;
    },
    run(reason) {
      running ??= (async () => {
        logger.info({ reason }, 'stopping');
        let failed = 0;
        for (const step of [...steps].reverse()) {
          try {
            await step.run();
          } catch (error) {
            failed++;
            logger.error({ err: error, step: step.name }, `could not stop ${step.name}`);
          }
        }
        logger.info({ failedSteps: failed }, failed ? 'stopped with errors' : 'stopped');
        return failed ? 1 : 0;
      })();
      return running;
    },
  };
}
