export interface BatcherOptions<T> {
  maxItems: number;
  /** How long the first item of an idle batcher waits for company. */
  maxDelayMs: number;
  /**
   * Flushes one item alone. When given, a failed batch of several items is retried item by item,
   * so one bad item fails only itself instead of every item it was batched with.
   */
  flushOne?: (item: T) => Promise<void>;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Collects items and hands them over in batches: when `maxItems` are waiting or `maxDelayMs`
 * after the first one arrived, whichever comes first. One batch is flushed at a time, in arrival
 * order; what arrives meanwhile waits and goes out as the next batch as soon as the flush ends, so
 * batches grow with the load instead of queueing up. Each `add` resolves once its item was
 * flushed (or rejects with the flush's error), so a caller can ack only after the work is done.
 */
export class Batcher<T> {
  private pending: Pending<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly flushItems: (items: T[]) => Promise<void>,
    private readonly options: BatcherOptions<T>,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      // A running flush takes what is waiting when it ends.
      if (this.running) return;
      if (this.pending.length >= this.options.maxItems) this.start();
      else this.timer ??= setTimeout(() => this.start(), this.options.maxDelayMs);
    });
  }

  /** Flushes what is waiting and resolves when every flush so far has finished. */
  async drain(): Promise<void> {
    this.start();
    await this.running;
  }

  private start(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || !this.pending.length) return;
    this.running = (async () => {
      while (this.pending.length) await this.flush(this.pending.splice(0, this.options.maxItems));
      this.running = undefined;
    })();
  }

  private async flush(batch: Pending<T>[]): Promise<void> {
    try {
      await this.flushItems(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
    } catch (error) {
      const { flushOne } = this.options;
      if (flushOne && batch.length > 1) await flushEach(batch, flushOne);
      else for (const b of batch) b.reject(error);
    }
  }
}

async function flushEach<T>(batch: Pending<T>[], flushOne: (item: T) => Promise<void>) {
  for (const b of batch) {
    try {
      await flushOne(b.item);
      b.resolve();
    } catch (error) {
      b.reject(error);
    }
  }
}
