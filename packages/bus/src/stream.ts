import type { Names } from '@outloud/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamInfo,
} from '@nats-io/jetstream';

const NANOS_PER_MS = 1_000_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Ensures the `EVENTS` stream (all `evt.>` subjects under the prefix) exists. Its duplicate window
 * is what makes republishing an outbox row harmless, so it is longer than any relay retry.
 */
export async function ensureEventStream(nc: NatsConnection, names: Names): Promise<StreamInfo> {
  const jsm = await jetstreamManager(nc);
  try {
    return await jsm.streams.info(names.stream);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    return await jsm.streams.add({
      name: names.stream,
      subjects: [names.events()],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: 30 * DAY_MS * NANOS_PER_MS,
      duplicate_window: 10 * 60 * 1000 * NANOS_PER_MS,
    });
  } catch (error) {
    // Another instance created it first.
    return await jsm.streams.info(names.stream).catch(() => {
      throw error;
    });
  }
}

/** Deletes the stream (tests clean up their own prefix this way). */
export async function deleteEventStream(nc: NatsConnection, names: Names): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(names.stream).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
}

function isNotFound(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? error);
  return /not found/i.test(text);
}
