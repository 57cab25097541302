/**
 * Environment parsing: each service declares its variables once, and a bad environment fails at
 * start with one message that names every bad variable and what it should look like.
 */
export type Reader<T> = (raw: string | undefined) => T;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

class Invalid extends Error {}

export const env = {
  string(options: { default?: string; pattern?: RegExp; hint?: string } = {}): Reader<string> {
    return (raw) => {
      const value = raw === undefined || raw === '' ? options.default : raw;
      if (value === undefined)
        throw new Invalid(`is required${options.hint ? ` (${options.hint})` : ''}`);
      if (options.pattern && !options.pattern.test(value)) {
        throw new Invalid(
          `must match ${options.pattern.source}${options.hint ? ` (${options.hint})` : ''}`,
        );
      }
      return value;
    };
  },
  optional(): Reader<string | undefined> {
    return (raw) => (raw === undefined || raw === '' ? undefined : raw);
  },
  url(options: { default?: string; protocols: string[] }): Reader<string> {
    return (raw) => {
      const value = raw === undefined || raw === '' ? options.default : raw;
      if (value === undefined)
        throw new Invalid(`is required (${options.protocols.join(' or ')} URL)`);
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new Invalid(`must be a URL like ${options.protocols[0]}//host:port`);
      }
      if (!options.protocols.includes(parsed.protocol)) {
        throw new Invalid(`must use ${options.protocols.join(' or ')}`);
      }
      return value;
    };
  },
  int(options: { default?: number; min?: number; max?: number }): Reader<number> {
    return (raw) => {
      if (raw === undefined || raw === '') {
        if (options.default === undefined) throw new Invalid('is required (an integer)');
        return options.default;
      }
      const value = Number(raw);
      const min = options.min ?? Number.MIN_SAFE_INTEGER;
      const max = options.max ?? Number.MAX_SAFE_INTEGER;
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new Invalid(`must be an integer from ${min} to ${max}`);
      }
      return value;
    };
  },
  bool(options: { default: boolean }): Reader<boolean> {
    return (raw) => {
      if (raw === undefined || raw === '') return options.default;
      if (/^(1|true|yes)$/i.test(raw)) return true;
      if (/^(0|false|no)$/i.test(raw)) return false;
      throw new Invalid('must be true or false');
    };
  },
};

/** Reads every declared variable from `source`, collecting all problems before failing. */
export function readConfig<S extends Record<string, Reader<unknown>>>(
  spec: S,
  source: Record<string, string | undefined>,
): Readonly<{ [K in keyof S]: ReturnType<S[K]> }> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(spec)) {
    try {
      out[name] = read(source[name]);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      problems.push(`${name} ${error.message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(out) as { [K in keyof S]: ReturnType<S[K]> };
}

/**
 * The settings every service behind the gateway reads: its database, NATS, the name prefix, its
 * health/metrics port and its log level. Services spread these and add their own.
 */
export function serviceSettings(options: { opsPort: number; prefixPattern: RegExp }) {
  return {
    DATABASE_URL: env.url({
      default: 'postgres://postgres:postgres@127.0.0.1:5432/outloud',
      protocols: ['postgres:', 'postgresql:'],
    }),
    NATS_URL: env.string({ default: 'nats://127.0.0.1:4222' }),
    OUTLOUD_PREFIX: env.string({
      default: '',
      pattern: options.prefixPattern,
      hint: 'lowercase letters, digits, _',
    }),
    OPS_PORT: env.int({ default: options.opsPort, min: 0, max: 65535 }),
    OPS_HOST: env.string({ default: '127.0.0.1' }),
    LOG_LEVEL: env.string({
      default: 'info',
      pattern: /^(fatal|error|warn|info|debug|trace|silent)$/,
    }),
  };
}
