import {
  IMPORT_BATCH_MAX,
  type Actor,
  type FeedRpc,
  type ImportedItem,
  type ImportError,
} from '@outloud/contracts';
import type { RpcClient } from '@outloud/bus';
import type { ImportPeople, SourcePerson } from './import-people.js';
import type { ImportProgress } from './imports.repository.js';

type WithoutAuthor<T> = T extends unknown ? Omit<T, 'author'> : never;

/** One question or answer read from a source, with who wrote it there. */
export interface SourceItem {
  item: WithoutAuthor<ImportedItem>;
  owner: SourcePerson;
}

/** What a source yields: items to import, or errors about rows that cannot be. */
export type SourceEntry = SourceItem | { error: ImportError };

/** A batch also stays under this many bytes of text, well inside one bus message. */
const BATCH_BYTES_MAX = 400_000;

/**
 * Sends a source's items to the feed in batches (at most `IMPORT_BATCH_MAX` items and about
 * `BATCH_BYTES_MAX` bytes), after finding or making each author's account, and reports the
 * outcome of each batch. Rows the source could not read count as processed, with their error.
 */
export async function importContent(
  deps: {
    feed: Pick<RpcClient<typeof FeedRpc>, 'call'>;
    actor: Actor;
    source: string;
    channelId: string;
    people: ImportPeople;
    report: (progress: ImportProgress) => Promise<void>;
  },
  entries: AsyncIterable<SourceEntry>,
): Promise<void> {
  let batch: SourceItem[] = [];
  let bytes = 0;
  let errors: ImportError[] = [];

  const flush = async () => {
    const progress: ImportProgress = { processed: 0, created: 0, skipped: 0, errors };
    errors = [];
    progress.processed += progress.errors.length;
    if (batch.length > 0) {
      const authors = await deps.people.resolve(batch.map((b) => b.owner));
      const items = batch.map((b) => ({ ...b.item, author: authors.get(b.owner.key)! }));
      const { results } = await deps.feed.call('importContent', {
        actor: deps.actor,
        source: deps.source,
        channelId: deps.channelId,
        items: items,
      });
      for (const result of results) {
        progress.processed += 1;
        if (result.outcome === 'created') progress.created += 1;
        else if (result.outcome === 'skipped') progress.skipped += 1;
        else
          progress.errors.push({
            item: result.externalId,
            message: (result.message ?? 'not imported').slice(0, 500),
          });
      }
    }
    batch = [];
    bytes = 0;
    await deps.report(progress);
  };

  for await (const entry of entries) {
    if ('error' in entry) {
      errors.push(entry.error);
      continue;
    }
    const size = entry.item.body.length + ('title' in entry.item ? entry.item.title.length : 0);
    if (batch.length > 0 && bytes + size > BATCH_BYTES_MAX) await flush();
    batch.push(entry);
    bytes += size;
    if (batch.length >= IMPORT_BATCH_MAX) await flush();
  }
  if (batch.length > 0 || errors.length > 0) await flush();
}
