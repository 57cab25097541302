import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Actor, InstanceExport } from '@outloud/contracts';
import { recordAudit } from '../admin/audit.js';
import { AppError } from '../core/errors.js';
import { keepBeating, staleBefore } from '../core/heartbeat.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import type { ServiceClients } from '../services/clients.js';
import type { ExportsDatabase } from './exports.tables.js';
import { writeInstanceExport } from './instance-export.js';

export interface ExportsDeps {
  db: Kysely<IdentityDatabase>;
  services: Pick<ServiceClients, 'feed' | 'learning'>;
  dataDir: string;
  clock: () => Date;
  onError: (err: unknown) => void;
}

type Row = ExportsDatabase['identity.exports'];

const INTERRUPTED =
  'The server writing this export stopped before it finished; start a new export.';

function toExport(row: {
  id: string;
  status: InstanceExport['status'];
  progress: number;
  stage: string | null;
  records: number;
  size: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): InstanceExport {
  return {
    id: row.id,
    status: row.status,
    progress: row.progress,
    stage: row.stage,
    records: row.records,
    size: row.size === null ? null : Number(row.size),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

const COLUMNS = [
  'id',
  'status',
  'progress',
  'stage',
  'records',
  'size',
  'createdAt',
  'finishedAt',
] as const satisfies readonly (keyof Row)[];

/**
 * Whole-instance exports: started in the background by the gateway that was asked, their state
 * in `identity.exports` (so any gateway answers "how far"), their archive under
 * `<DATA_DIR>/exports/` of the gateway that wrote it (a shared data volume serves every gateway).
 */
export function createExports(deps: ExportsDeps) {
  const db = deps.db.withTables<ExportsDatabase>();
  const folder = resolve(deps.dataDir, 'exports');
  const archiveOf = (id: string) => join(folder, `${id}.tar.gz`);
  const running = new Set<Promise<void>>();
  let closing = false;

  /** Ends, as failed, the running exports whose gateway stopped without a word (a crash). */
  async function endInterrupted(trx: typeof db, now: Date): Promise<void> {
    await trx
      .updateTable('identity.exports')
      .set({ status: 'failed', error: INTERRUPTED, finishedAt: now })
      .where('status', '=', 'running')
      .where('heartbeatAt', '<', staleBefore(now))
      .execute();
  }

  async function run(id: string, actor: Actor): Promise<void> {
    const stopBeating = keepBeating(
      () =>
        db
          .updateTable('identity.exports')
          .set({ heartbeatAt: deps.clock() })
          .where('id', '=', id)
          .execute(),
      deps.onError,
    );
    try {
      await mkdir(folder, { recursive: true });
      const size = await writeInstanceExport({
        db: deps.db,
        services: deps.services,
        actor,
        workDir: join(folder, `${id}.work`),
        archivePath: archiveOf(id),
        aborted: () => closing,
        onProgress: async ({ stage, percent, records }) => {
          await db
            .updateTable('identity.exports')
            .set({ stage, progress: percent, records })
            .where('id', '=', id)
            .execute();
        },
      });
      await db
        .updateTable('identity.exports')
        .set({ status: 'done', progress: 100, stage: null, size, finishedAt: deps.clock() })
        .where('id', '=', id)
        .execute();
    } catch (err) {
      deps.onError(err);
      await rm(join(folder, `${id}.work`), { recursive: true, force: true });
      await db
        .updateTable('identity.exports')
        .set({
          status: 'failed',
          error: String((err as Error).message ?? err),
          finishedAt: deps.clock(),
        })
        .where('id', '=', id)
        .execute();
    } finally {
      stopBeating();
    }
  }

  return {
    /** Starts an export (one at a time per instance: 409 while another runs) and audits it. */
    async start(actor: Actor): Promise<InstanceExport> {
      const id = randomUUID();
      const now = deps.clock();
      const row = await db.transaction().execute(async (trx) => {
        await endInterrupted(trx, now);
        const busy = await trx
          .selectFrom('identity.exports')
          .select('id')
          .where('status', '=', 'running')
          .executeTakeFirst();
        if (busy)
          throw new AppError('conflict', 'An export is already running.', {
            details: { id: busy.id },
          });
        await recordAudit(
          trx as unknown as Kysely<IdentityDatabase>,
          { actor, action: 'export.create', target: { type: 'export', id } },
          now,
        );
        return trx
          .insertInto('identity.exports')
          .values({
            id,
            requestedBy: actor.id,
            status: 'running',
            stage: 'users',
            createdAt: now,
            heartbeatAt: now,
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
      });
      const job = run(id, actor);
      running.add(job);
      void job.finally(() => running.delete(job));
      return toExport(row);
    },

    async get(id: string): Promise<InstanceExport> {
      await endInterrupted(db, deps.clock());
      const row = await db
        .selectFrom('identity.exports')
        .select(COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw new AppError('not_found', 'No export with that id.');
      return toExport(row);
    },

    /** The archive's path once the export is done (404 before, or when it is gone). */
    async archive(id: string): Promise<{ path: string; createdAt: Date }> {
      const found = await this.get(id);
      if (found.status !== 'done') throw new AppError('not_found', 'This export is not finished.');
      return { path: archiveOf(id), createdAt: new Date(found.createdAt) };
    },

    /** Stops running exports at their next page and waits for them (they end as failed). */
    async close(): Promise<void> {
      closing = true;
      await Promise.all([...running]);
    },
  };
}

export type Exports = ReturnType<typeof createExports>;
