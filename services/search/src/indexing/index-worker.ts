import type { BusLogger } from '@outloud/bus';
import { sql, type Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { SearchDB } from '../db.js';
import { loadPersonDocuments, loadPostDocuments } from './documents.repository.js';
import type { PersonDocument, PostDocument } from './post-document.js';

export interface IndexWorker extends AsyncDisposable {
  /** Asks for a drain soon (after a projection change commits). */
  wake(): void;
  /** Drains the queue now; resolves when it is empty (or the drain failed). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface IndexWorkerOptions {
  db: Kysely<SearchDB>;
  meili: Meilisearch;
  postsIndex: () => string;
  peopleIndex: () => string;
  logger: BusLogger;
  clock: () => Date;
  /** Longest a marked document waits when nothing wakes the worker. */
  pollIntervalMs?: number;
  /** Collects marks for this long after a wake, so bursts go to Meilisearch in one batch. */
  batchDelayMs?: number;
  /**
   * People documents (names and top tags) are rewritten at most this often: their top tags are
   * an aggregate over all of a person's posts, too costly to recompute on every post.
   */
  peopleIntervalMs?: number;
  batchSize?: number;
}

/**
 * Writes marked documents from the projection to Meilisearch, in batches. The queue lives in
 * Postgres, so nothing is lost while Meilisearch is down: marks stay until a write succeeds,
 * and the worker retries with backoff. Rows are locked while written, so several instances
 * never write one document out of order.
 */
export function startIndexWorker(options: IndexWorkerOptions): IndexWorker {
  const { db, meili, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollIntervalMs ?? 1_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let failures = 0;
  let wakeTimer: NodeJS.Timeout | undefined;
  let pollTimer: NodeJS.Timeout | undefined;

  const peopleInterval = options.peopleIntervalMs ?? 30_000;
  let peopleDue = 0;
  /**
   * The last Meilisearch task we enqueued. Each task costs Meilisearch a commit, so the worker
   * waits for it before sending more: while it runs, marks pile up and go out as one larger
   * batch. Under load the batches grow instead of the task queue.
   */
  let lastTask: number | undefined;
  const waitForLastTask = async () => {
    if (lastTask === undefined) return;
    const task = await meili.tasks.waitForTask(lastTask, { timeout: 60_000, interval: 10 });
    lastTask = undefined;
    // A task Meilisearch refused (bad document, full disk) is not retried by marking again, as
    // it would fail the same way: it is reported for an operator instead.
    if (task.status === 'failed')
      logger.error({ task: task.uid, error: task.error }, 'Meilisearch rejected an index update');
  };

  const writeBatch = async (): Promise<number> =>
    db.transaction().execute(async (trx) => {
      const includePeople = Date.now() >= peopleDue;
      const rows = await trx
        .selectFrom('search.indexQueue')
        .select(['kind', 'id', 'generation'])
        .$if(!includePeople, (q) => q.where('kind', '=', 'post'))
        .orderBy('markedAt')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (includePeople) peopleDue = Date.now() + peopleInterval;
      if (!rows.length) return 0;
      const postIds = rows.filter((r) => r.kind === 'post').map((r) => r.id);
      const personIds = rows.filter((r) => r.kind === 'person').map((r) => r.id);
      const { documents, gone } = await loadPostDocuments(trx, postIds);
      const people = await loadPersonDocuments(trx, personIds, options.clock());
      // Meilisearch applies tasks in the order they were enqueued.
      const enqueued: number[] = [];
      if (documents.length) {
        const task = await meili
          .index<PostDocument>(options.postsIndex())
          .addDocuments(documents, { primaryKey: 'id' });
        enqueued.push(task.taskUid);
      }
      if (gone.length)
        enqueued.push((await meili.index(options.postsIndex()).deleteDocuments(gone)).taskUid);
      if (people.length) {
        const task = await meili
          .index<PersonDocument>(options.peopleIndex())
          .addDocuments(people, { primaryKey: 'id' });
        enqueued.push(task.taskUid);
      }
      lastTask = enqueued.at(-1) ?? lastTask;
      await sql`delete from search.index_queue q
        using (select * from unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.generation)}::bigint[]) as d(kind, id, generation)) d
        where q.kind = d.kind and q.id = d.id and q.generation = d.generation`.execute(trx);
      return rows.length;
    });

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          let written: number;
          do {
            await waitForLastTask();
            written = await writeBatch();
          } while (written > 0 && !stopped);
        } while (again && !stopped);
        if (failures) logger.info({ failures }, 'search index writes resumed');
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 30 === 0) {
          logger.warn({ err: error, failures }, 'could not write to Meilisearch; will retry');
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const poll = () => {
    if (stopped) return;
    const delay = failures ? Math.min(pollMs * 2 ** Math.min(failures, 4), 15_000) : pollMs;
    pollTimer = setTimeout(() => void run().finally(poll), delay);
  };
  poll();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopped = true;
      clearTimeout(wakeTimer);
      clearTimeout(pollTimer);
      await running;
    })());
  return {
    wake() {
      if (stopped || wakeTimer || failures) return;
      wakeTimer = setTimeout(() => {
        wakeTimer = undefined;
        void run();
      }, options.batchDelayMs ?? 10);
    },
    async drain() {
      await running;
      await run();
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
