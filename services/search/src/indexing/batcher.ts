/**
 * Collects items and hands them over in batches: when `maxItems` are waiting or `maxDelayMs`
 * after the first one arrived, whichever comes first. Each `add` resolves once its batch was
 * flushed (or rejects with the flush's error), so a caller can ack only after the work is done.
 */
export class Batcher<T> {
  private pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing = Promise.resolve();

  constructor(
    private readonly flushItems: (items: T[]) => Promise<void>,
    private readonly options: { maxItems: number; maxDelayMs: number },
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxItems) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.options.maxDelayMs);
    });
  }

  /** Flushes what is waiting and resolves when every flush so far has finished. */
  async drain(): Promise<void> {
    this.flushNow();
    await this.flushing;
  }

  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    // Batches go out one after another, so their effects keep arrival order.
    this.flushing = this.flushing.then(async () => {
      try {
        await this.flushItems(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    });
  }
}
