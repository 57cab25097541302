/** The columns of the audit log's CSV export, in order. */
export const AUDIT_CSV_HEADER = [
  'at',
  'actor_handle',
  'action',
  'target_type',
  'target_id',
  'target_label',
  'details',
] as const;

/** Characters that make a spreadsheet read a cell as a formula (or a DDE call). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Text a spreadsheet would evaluate (starting with = + - @, tab or CR) gets a leading `'`, so an
 * exported audit log cannot run formulas that someone typed as a reason or a name.
 */
export function csvField(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (ending in CRLF, as RFC 4180 has it). */
export function csvLine(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** An audit entry as a CSV line, in the order of `AUDIT_CSV_HEADER`. */
export function auditCsvLine(entry: {
  at: Date;
  actorHandle: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  details: Record<string, unknown>;
}): string {
  return csvLine([
    entry.at.toISOString(),
    entry.actorHandle,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.targetLabel,
    JSON.stringify(entry.details),
  ]);
}
