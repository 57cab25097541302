/** A logger that drops every line; fits the services' `logger` dependency in tests. */
export interface SilentLogger {
  trace(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  fatal(obj: object, msg?: string): void;
}

const drop = () => undefined;

export const silentLogger: SilentLogger = Object.freeze({
  trace: drop,
  debug: drop,
  info: drop,
  warn: drop,
  error: drop,
  fatal: drop,
});
