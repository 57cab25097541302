import { prettyFactory } from 'pino-pretty';

/** Receives every log line of the stack: `source` is `feed`, `meili`, `migrate:search`, … */
export type LogSink = (source: string, line: string) => void;

/** Drops every line. */
export const silentSink: LogSink = () => {};

const COLORS = [36, 35, 32, 33, 34, 96, 95, 92, 93, 94] as const;
const KNOWN: Record<string, number> = {
  outloud: 1,
  feed: 36,
  search: 35,
  gateway: 32,
  meili: 33,
  web: 34,
};

function colourOf(source: string): number {
  const base = source.replace(/^migrate:/, '');
  const known = KNOWN[base];
  if (known !== undefined) return known;
  let hash = 0;
  for (const char of base) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length] ?? 36;
}

export interface ConsoleSinkOptions {
  /** ANSI colours; defaults to on when stdout is a terminal and NO_COLOR is unset. */
  color?: boolean;
  /** Where lines go; defaults to process.stdout. */
  write?: (text: string) => void;
}

/**
 * Writes lines to the terminal with a `[source]` tag, padded so columns line up.
 * Pino JSON lines are rendered by pino-pretty; anything else passes through.
 */
export function createConsoleSink(options: ConsoleSinkOptions = {}): LogSink {
  const color = options.color ?? (process.stdout.isTTY && !process.env.NO_COLOR);
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const pretty = prettyFactory({
    colorize: color,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,name',
    singleLine: true,
  });
  const width = 9;

  return (source, line) => {
    const label = `[${source}]`.padEnd(width + 2);
    const tag = color ? `\u001b[${colourOf(source)}m${label}\u001b[0m` : label;
    const text = renderPino(pretty, line) ?? line;
    for (const part of text.split('\n')) {
      if (part.length > 0) write(`${tag} ${part}\n`);
    }
  };
}

function renderPino(pretty: (input: object) => string, line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const record: unknown = JSON.parse(line);
    if (typeof record !== 'object' || record === null || !('level' in record)) return undefined;
    return pretty(record).trimEnd();
  } catch {
    return undefined;
  }
}
