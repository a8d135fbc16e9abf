/** What the next claim takes: the runs of these kicked emails, or (`scan`) any claimable run. */
export type ClaimPlan = { emailIds: string[] } | { scan: true };

/** When a macro runner claims its next batch, and what (decision 0013). */
export interface ClaimGate {
  /** The email was sent (or found sent): its run is to be claimed soon. */
  kick(emailId: string): void;
  /** Ends a wait in `ready` now (the runner stops). */
  wake(): void;
  /** Runs `claim` after the claims before it ended: one loop at a time gathers and claims. */
  turn<T>(claim: () => Promise<T>): Promise<T>;
  /**
   * Resolves when it is time to claim, with what to claim; null once `stopping()` holds. Kicked
   * emails' runs when a batch's worth of emails kicked, `quietMs` passed with no new kick, or
   * `holdMs` passed since the first kick not claimed yet; a scan for any claimable run (another worker's, one to try again, a lease
   * that ended) every `pollMs`, and at once after a scan that found a full batch.
   */
  ready(stopping: () => boolean): Promise<ClaimPlan | null>;
  /** How many runs the claim found (0 when it failed). */
  claimed(plan: ClaimPlan, count: number): void;
}

/**
 * Holds a claim after a kick so that a batch gathers the sends that finish meanwhile, instead of
 * one claim per send under load: while kicks keep coming, at most `holdMs` from a kick to its
 * claim (a loop being free); once they pause for `quietMs`, at once; and at once when a batch's
 * worth of sends kicked. So a lone send's macro starts after `quietMs`, and a burst's after its
 * last send. A claim of kicked emails reads those runs by key; the scan over every pending run
 * comes once per `pollMs`.
 */
export function createClaimGate(options: { batchSize: number; holdMs: number; quietMs: number; pollMs: number }): ClaimGate {
  const kicked = new Set<string>();
  let firstKickAt: number | null = null;
  let lastKickAt = 0;
  let lastScanAt = performance.now();
  let backlog = false;
  let waiter: (() => void) | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const wake = () => {
    const resolve = waiter;
    waiter = null;
    resolve?.();
  };
  /** Waits `ms` or until woken. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        waiter = null;
        resolve();
      }, ms);
      waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  /** Up to a batch of the kicked emails, oldest kicks first; the rest stay due. */
  const takeKicked = (): ClaimPlan => {
    const emailIds = [...kicked].slice(0, options.batchSize);
    for (const id of emailIds) kicked.delete(id);
    if (kicked.size === 0) firstKickAt = null;
    return { emailIds };
  };

  return {
    kick(emailId) {
      kicked.add(emailId);
      lastKickAt = performance.now();
      firstKickAt ??= lastKickAt;
      wake();
    },
    wake,
    turn(claim) {
      const result = chain.then(claim);
      chain = result.catch(() => undefined);
      return result;
    },
    async ready(stopping) {
      while (!stopping()) {
        const now = performance.now();
        if (backlog || now >= lastScanAt + options.pollMs) return { scan: true };
        if (kicked.size >= options.batchSize) return takeKicked();
        const holdLeft = firstKickAt === null ? Infinity : Math.min(firstKickAt + options.holdMs, lastKickAt + options.quietMs) - now;
        if (holdLeft <= 0) return takeKicked();
        await sleep(Math.min(holdLeft, lastScanAt + options.pollMs - now));
      }
      return null;
    },
    claimed(plan, count) {
      if (!('scan' in plan)) return;
      lastScanAt = performance.now();
      backlog = count >= options.batchSize;
    },
  };
}
