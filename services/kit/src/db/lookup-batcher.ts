/** How a LookupBatcher runs its lookups. */
export interface LookupBatcherOptions<Key, Result> {
  /** Answers several keys at once: exactly one result per key, in the keys' order. */
  lookup(keys: readonly Key[]): Promise<readonly Result[]>;
  /** Most keys one lookup takes. */
  maxKeys: number;
  /** Most lookups running at once; keys asked while this many run wait and go out together. */
  maxInFlight: number;
  /** Told the number of keys of each lookup it starts (for a metric of how well requests coalesce). */
  onLookup?(keys: number): void;
}

/** A caller waiting for the result of its key. */
interface Waiter<Key, Result> {
  key: Key;
  /** Asked again alone after a shared lookup failed. */
  alone: boolean;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Coalesces single-key lookups (one per request) into lookups of many keys, so concurrent
 * requests share one database round trip. A key asked while fewer than `maxInFlight` lookups run
 * goes out at once, alone, so an idle service adds no wait; keys asked while all run wait, and
 * each lookup that ends sends the next up to `maxKeys` of them in one. A failed lookup of several
 * keys is asked again key by key, so each caller gets only the error its own key meets alone.
 * Results go to each caller unchanged: what a caller may see of them is its own business.
 */
export class LookupBatcher<Key, Result> {
  private readonly waiting: Waiter<Key, Result>[] = [];
  private inFlight = 0;

  constructor(private readonly options: LookupBatcherOptions<Key, Result>) {
    if (!(options.maxKeys >= 1 && options.maxInFlight >= 1)) throw new RangeError('maxKeys and maxInFlight must be at least 1');
  }

  /** The result of one key, from a lookup that may answer other callers' keys too. */
  load(key: Key): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ key, alone: false, resolve, reject });
      this.dispatch();
    });
  }

  /** Starts lookups while slots are free: a waiter asked again alone by itself, else up to `maxKeys` waiters. */
  private dispatch(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const alone = this.waiting[0]!.alone;
      const end = alone ? 1 : this.waiting.findIndex((w, i) => w.alone || i === this.options.maxKeys);
      const batch = this.waiting.splice(0, end === -1 ? this.waiting.length : end);
      this.inFlight++;
      this.options.onLookup?.(batch.length);
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.dispatch();
      });
    }
  }

  private async run(batch: Waiter<Key, Result>[]): Promise<void> {
    let results: readonly Result[];
    try {
      results = await this.options.lookup(batch.map((w) => w.key));
      if (results.length !== batch.length) throw new Error(`lookup answered ${results.length} results for ${batch.length} keys`);
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // Ahead of the others: they waited a lookup longer already.
      this.waiting.unshift(...batch.map((w) => ({ ...w, alone: true })));
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]!));
  }
}
