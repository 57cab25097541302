import { sql, type Kysely } from 'kysely';
import {
  IMPORT_ERRORS_MAX,
  type ImportError,
  type ImportJob,
  type ImportSource,
  type ImportStatus,
} from '@outloud/contracts';
import { staleBefore } from '../core/heartbeat.js';
import type { KeysetPosition } from '../core/keyset-cursor.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';

interface ImportsTable {
  id: string;
  source: ImportSource;
  status: ImportStatus;
  channelId: string | null;
  startedBy: string | null;
  processed: number;
  total: number;
  created: number;
  skipped: number;
  errorCount: number;
  errors: ImportError[];
  startedAt: Date;
  finishedAt: Date | null;
  heartbeatAt: Date;
}
type ImportRow = ImportsTable;

/** How far an import got since its last report: counts to add, errors to keep. */
export interface ImportProgress {
  processed: number;
  created: number;
  skipped: number;
  errors: ImportError[];
}

function toJob(row: ImportRow): ImportJob {
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    channelId: row.channelId,
    processed: row.processed,
    total: row.total,
    created: row.created,
    skipped: row.skipped,
    errorCount: row.errorCount,
    errors: row.errors,
    startedAt: row.startedAt.toISOString(),
    ...(row.finishedAt ? { finishedAt: row.finishedAt.toISOString() } : {}),
  };
}

/** `identity.imports`: each import and its progress. */
export class ImportsRepository {
  private readonly db;

  constructor(db: Kysely<IdentityDatabase>) {
    this.db = db.withTables<{ 'identity.imports': ImportsTable }>();
  }

  async create(values: {
    source: ImportSource;
    channelId: string | null;
    startedBy: string;
    now: Date;
  }): Promise<ImportJob> {
    const row = await this.db
      .insertInto('identity.imports')
      .values({
        source: values.source,
        channelId: values.channelId,
        startedBy: values.startedBy,
        startedAt: values.now,
        heartbeatAt: values.now,
      } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJob(row);
  }

  async setTotal(id: string, total: number): Promise<void> {
    await this.db.updateTable('identity.imports').set({ total }).where('id', '=', id).execute();
  }

  /** Adds a batch's counts; errors are appended up to `IMPORT_ERRORS_MAX`. */
  async addProgress(id: string, progress: ImportProgress): Promise<void> {
    const errors = JSON.stringify(progress.errors.slice(0, IMPORT_ERRORS_MAX));
    await this.db
      .updateTable('identity.imports')
      .set((eb) => ({
        processed: eb('processed', '+', progress.processed),
        created: eb('created', '+', progress.created),
        skipped: eb('skipped', '+', progress.skipped),
        errorCount: eb('errorCount', '+', progress.errors.length),
        errors: sql<ImportError[]>`case
          when jsonb_array_length(errors) >= ${IMPORT_ERRORS_MAX} then errors
          else (select coalesce(jsonb_agg(kept.value), '[]'::jsonb) from (
            select value from jsonb_array_elements(errors || ${errors}::jsonb)
            limit ${IMPORT_ERRORS_MAX}) kept)
          end`,
      }))
      .where('id', '=', id)
      .execute();
  }

  /** The import's gateway still works on it. */
  async beat(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('identity.imports')
      .set({ heartbeatAt: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Ends, as failed with `message` among its errors, the running imports whose gateway stopped
   * without a word (a crash).
   */
  async endInterrupted(now: Date, message: string): Promise<void> {
    const error = JSON.stringify([{ item: 'file', message }]);
    await this.db
      .updateTable('identity.imports')
      .set((eb) => ({
        status: 'failed',
        finishedAt: now,
        errorCount: eb('errorCount', '+', 1),
        errors: sql<ImportError[]>`case
          when jsonb_array_length(errors) >= ${IMPORT_ERRORS_MAX} then errors
          else errors || ${error}::jsonb end`,
      }))
      .where('status', '=', 'running')
      .where('heartbeatAt', '<', staleBefore(now))
      .execute();
  }

  async finish(id: string, status: Exclude<ImportStatus, 'running'>, now: Date): Promise<void> {
    await this.db
      .updateTable('identity.imports')
      .set({ status, finishedAt: now })
      .where('id', '=', id)
      .execute();
  }

  async find(id: string): Promise<ImportJob | undefined> {
    const row = await this.db
      .selectFrom('identity.imports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toJob(row);
  }

  /** Newest first, after `after` when given. */
  async list(options: { after?: KeysetPosition; limit: number }): Promise<ImportJob[]> {
    const { after } = options;
    const rows = await this.db
      .selectFrom('identity.imports')
      .selectAll()
      .$if(after !== undefined, (q) =>
        q.where(sql<boolean>`(started_at, id) < (${after!.at}, ${after!.id}::uuid)`),
      )
      .orderBy('startedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toJob);
  }
}
