import type { BusLogger } from '@outloud/bus';
import { sql, type Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { SearchDB } from '../db.js';
import { loadPersonDocuments, loadPostDocuments } from './documents.repository.js';
import type { PersonDocument, PostDocument } from './post-document.js';

/** People marks taken at once: many marks name the same few people, so this is cheap. */
const PEOPLE_MARKS_PER_BATCH = 20_000;

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
  /**
   * Least time between two batches sent to Meilisearch. Each task costs Meilisearch a commit
   * whatever its size, so under a steady stream of writes fewer, larger batches leave it (and
   * the machine) far more room; an idle worker still sends a lone change at once.
   */
  minBatchIntervalMs?: number;
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
  let lastSentAt = 0;
  const minInterval = options.minBatchIntervalMs ?? 250;
  const waitForLastTask = async () => {
    const gap = lastSentAt + minInterval - Date.now();
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    if (lastTask === undefined) return;
    const task = await meili.tasks.waitForTask(lastTask, { timeout: 60_000, interval: 25 });
    lastTask = undefined;
    // A task Meilisearch refused (bad document, full disk) is not retried by marking again, as
    // it would fail the same way: it is reported for an operator instead.
    if (task.status === 'failed')
      logger.error({ task: task.uid, error: task.error }, 'Meilisearch rejected an index update');
  };

  /**
   * Takes the people marked since the last time (skipping marks another worker holds); the marks
   * are deleted in the caller's transaction, so they come back if the write fails.
   */
  const takeMarkedPeople = async (trx: Kysely<SearchDB>): Promise<string[]> => {
    const taken = await sql<{ personId: string }>`with picked as (
        select seq from search.person_marks order by seq limit ${PEOPLE_MARKS_PER_BATCH}
        for update skip locked)
      delete from search.person_marks m using picked where m.seq = picked.seq
      returning m.person_id`.execute(trx);
    return [...new Set(taken.rows.map((r) => r.personId))];
  };

  const writeBatch = async (): Promise<number> =>
    db.transaction().execute(async (trx) => {
      const includePeople = Date.now() >= peopleDue;
      if (includePeople) peopleDue = Date.now() + peopleInterval;
      const rows = await trx
        .selectFrom('search.indexQueue')
        .select(['id', 'generation'])
        .orderBy('markedAt')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      const personIds = includePeople ? await takeMarkedPeople(trx) : [];
      if (!rows.length && !personIds.length) return 0;
      const { documents, gone } = await loadPostDocuments(
        trx,
        rows.map((r) => r.id),
      );
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
      if (enqueued.length) lastSentAt = Date.now();
      if (rows.length) {
        await sql`delete from search.index_queue q
          using (select * from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.generation)}::bigint[]) as d(id, generation)) d
          where q.id = d.id and q.generation = d.generation`.execute(trx);
      }
      return rows.length + personIds.length;
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
