import type { LogEntry } from '@outloud/contracts';

export interface LogRow {
  id: string;
  ownerId: string;
  goalId: string | null;
  date: string;
  learned: string;
  tried: string;
  next: string;
  visibility: LogEntry['visibility'];
  postId: string | null;
  createdAt: Date;
}

/** The columns a `LogRow` is read with. */
export const logColumns = [
  'id',
  'ownerId',
  'goalId',
  'date',
  'learned',
  'tried',
  'next',
  'visibility',
  'postId',
  'createdAt',
] as const;

export function toLogEntry(row: LogRow): LogEntry {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** The Markdown body of a log entry published as a working-out-loud post. */
export function logPostBody(entry: Pick<LogRow, 'learned' | 'tried' | 'next'>): string {
  const sections: [string, string][] = [
    ['What I learned', entry.learned],
    ['What I tried', entry.tried],
    ["What I'll do next", entry.next],
  ];
  return sections
    .filter(([, text]) => text.trim())
    .map(([heading, text]) => `**${heading}**\n\n${text.trim()}`)
    .join('\n\n');
}

export function logPostTitle(entry: Pick<LogRow, 'learned' | 'tried' | 'next' | 'date'>): string {
  const first = [entry.learned, entry.tried, entry.next].find((t) => t.trim()) ?? '';
  const line = first.trim().split('\n')[0] ?? '';
  const short = line.length > 120 ? `${line.slice(0, 117)}…` : line;
  return `Working out loud (${entry.date}): ${short}`;
}
