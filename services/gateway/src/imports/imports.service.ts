import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { rpcClient, type NatsConnection } from '@outloud/bus';
import {
  FeedRpc,
  Limits,
  type Actor,
  type ImportJob,
  type ImportPage,
  type ImportSource,
  type Names,
  type User,
} from '@outloud/contracts';
import { AppError } from '../core/errors.js';
import { keepBeating } from '../core/heartbeat.js';
import { decodeKeysetCursor, keysetPage } from '../core/keyset-cursor.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import type { Invitations } from '../invitations/invitations.service.js';
import type { ServiceClients } from '../services/clients.js';
import { importContent, type SourceEntry } from './content-import.js';
import { countDiscourseItems, discourseEntries, readDiscourseExport } from './discourse.source.js';
import { createImportPeople } from './import-people.js';
import { ImportsRepository, type ImportProgress } from './imports.repository.js';
import { importPeople } from './people-import.js';
import { readStackUsers, stackExchangeEntries } from './stackexchange.source.js';
import { countXmlRows } from './xml-rows.js';

/** The files of one import, saved under one folder, named as the source names them. */
export const ImportFiles = {
  stackexchange: { required: ['Posts.xml', 'Users.xml'], optional: ['Tags.xml'] },
  discourse: { required: ['export.json'], optional: [] },
  people: { required: ['people.csv'], optional: [] },
} as const satisfies Record<
  ImportSource,
  { required: readonly string[]; optional: readonly string[] }
>;

class Stopped extends Error {}

/** What an import whose gateway stopped mid-way says (a re-run creates nothing twice). */
const INTERRUPTED =
  'The server running this import stopped before it finished; run it again: what it created is kept and not created twice.';

/**
 * What an import's items are keyed by, with their id in the source: the tool and the channel
 * they go to. The same dump into the same channel again creates nothing twice; another site's
 * dump, whose ids start at 1 as well, into its own channel is its own content.
 */
function importKey(source: string, channelId: string): string {
  return `${source}:${channelId}`;
}

/** Placeholders for people without an email are per tool and channel too (ids repeat across sites). */
function placeholderPrefix(source: string, channelId: string): string {
  return `${source}-${channelId.slice(0, 8)}`;
}

/** A batch writes a few hundred rows in one transaction: longer than a reader's request. */
const BATCH_TIMEOUT_MS = 120_000;

/** Imports run in the gateway that received them, one batch at a time, reporting progress. */
export function createImports(deps: {
  db: Kysely<IdentityDatabase>;
  names: Pick<Names, 'subject'>;
  clock: () => Date;
  services: ServiceClients | undefined;
  /** The bus, for the feed's import verb with its own (longer) timeout. */
  bus: { nc: NatsConnection; names: Names } | undefined;
  invitations: Invitations;
  logger: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}) {
  const repository = new ImportsRepository(deps.db);
  const feed =
    deps.bus &&
    rpcClient({ ...deps.bus, service: 'feed', schemas: FeedRpc, timeoutMs: BATCH_TIMEOUT_MS });
  const running = new Set<Promise<void>>();
  let stopping = false;

  async function contentEntries(
    source: 'stackexchange' | 'discourse',
    dir: string,
    setTotal: (total: number) => Promise<void>,
  ): Promise<AsyncIterable<SourceEntry>> {
    if (source === 'stackexchange') {
      const posts = join(dir, 'Posts.xml');
      await setTotal(await countXmlRows(posts));
      const users = await readStackUsers(join(dir, 'Users.xml'));
      return stackExchangeEntries(posts, users);
    }
    const doc = await readDiscourseExport(join(dir, 'export.json'));
    await setTotal(countDiscourseItems(doc));
    return discourseEntries(doc);
  }

  async function run(
    job: ImportJob,
    actor: Actor,
    inviter: Pick<User, 'displayName' | 'handle'>,
    dir: string,
  ): Promise<void> {
    const stopBeating = keepBeating(
      () => repository.beat(job.id, deps.clock()),
      (err) => deps.logger.warn({ err, importId: job.id }, 'could not note that an import runs'),
    );
    const setTotal = (total: number) => repository.setTotal(job.id, total);
    const report = async (progress: ImportProgress) => {
      await repository.addProgress(job.id, progress);
      if (stopping) throw new Stopped('the gateway stopped during the import; run it again');
    };
    try {
      if (job.source === 'people') {
        await importPeople(
          {
            db: deps.db,
            invitations: deps.invitations,
            feed: deps.services?.feed,
            actor,
            inviter,
            clock: deps.clock,
            setTotal,
            report,
          },
          join(dir, 'people.csv'),
        );
      } else {
        if (!feed || !job.channelId) throw new Error('the feed is not reachable');
        const source = job.source;
        const channelId = job.channelId;
        await importContent(
          {
            feed,
            actor,
            source: importKey(source, channelId),
            channelId,
            people: createImportPeople({
              db: deps.db,
              names: deps.names,
              source: placeholderPrefix(source, channelId),
              clock: deps.clock,
            }),
            report,
          },
          await contentEntries(source, dir, setTotal),
        );
      }
      await repository.finish(job.id, 'succeeded', deps.clock());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof Stopped))
        deps.logger.warn({ err: error, importId: job.id }, 'an import failed');
      await repository
        .addProgress(job.id, {
          processed: 0,
          created: 0,
          skipped: 0,
          errors: [{ item: 'file', message: message.slice(0, 500) }],
        })
        .then(() => repository.finish(job.id, 'failed', deps.clock()))
        .catch((err: unknown) => deps.logger.error({ err }, 'could not record a failed import'));
    } finally {
      stopBeating();
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    /**
     * Starts an import of the files saved in `dir` (checked already) and returns at once with
     * the running import; its progress is read with `get`.
     */
    async start(
      actor: Actor,
      inviter: Pick<User, 'displayName' | 'handle'>,
      input: { source: ImportSource; channelId: string | null; dir: string },
    ): Promise<ImportJob> {
      if (stopping) throw new AppError('unavailable', 'The server is stopping; try again.');
      const job = await repository.create({
        source: input.source,
        channelId: input.channelId,
        startedBy: actor.id,
        now: deps.clock(),
      });
      const task = run(job, actor, inviter, input.dir);
      running.add(task);
      void task.finally(() => running.delete(task));
      return job;
    },

    async get(id: string): Promise<ImportJob> {
      await repository.endInterrupted(deps.clock(), INTERRUPTED);
      const job = await repository.find(id);
      if (!job) throw new AppError('not_found', 'No such import.');
      return job;
    },

    async list(query: { cursor?: string; limit?: number }): Promise<ImportPage> {
      const limit = query.limit ?? Limits.pageDefault;
      await repository.endInterrupted(deps.clock(), INTERRUPTED);
      const rows = await repository.list({
        after: query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor),
        limit: limit + 1,
      });
      const page = keysetPage(rows, limit, (job) => ({ at: new Date(job.startedAt), id: job.id }));
      return { items: page.rows, nextCursor: page.nextCursor };
    },

    /** Waits for running imports (each ends after its current batch, marked failed). */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.allSettled([...running]);
    },
  };
}

export type Imports = ReturnType<typeof createImports>;
