export { createDb } from './kysely.js';
export type { DbOptions } from './kysely.js';
export { migrateToLatest } from './migrate.js';
export type { MigrateOptions } from './migrate.js';
export { ensureDatabase, parseDatabaseUrl, redactUrl } from './database.js';
export { startPgListener } from './listener.js';
export type { PgListener, PgListenerOptions } from './listener.js';
export {
  BadExportCursor,
  decodeExportKey,
  encodeExportKey,
  exportKeyAfter,
  exportPage,
  rowsAfter,
} from './export-page.js';
export type { ExportKey, ExportQuery } from './export-page.js';
export { queryTemplate } from './query-template.js';
