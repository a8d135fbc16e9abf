/** A per-key budget over fixed windows: `take` spends one, false once the window's budget is gone. */
export interface RateLimit {
  take(key: string): boolean;
}

/** `limit` takes per key per `windowMs`; the counts of past windows are dropped, so memory stays bounded by active keys. */
export function createRateLimit(limit: number, windowMs: number, now: () => number = Date.now): RateLimit {
  let window = Math.floor(now() / windowMs);
  let counts = new Map<string, number>();
  return {
    take(key) {
      const current = Math.floor(now() / windowMs);
      if (current !== window) {
        window = current;
        counts = new Map();
      }
      const used = counts.get(key) ?? 0;
      if (used >= limit) return false;
      counts.set(key, used + 1);
      return true;
    },
  };
}
