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
   * emails' runs when a batch's worth of emails kicked, `holdMs` passed since the oldest kick not
   * claimed yet (since the last claim, for kicks a full batch left behind: the wait for a free
   * loop was not the hold's), or kicks paused for `quietMs` while no batch runs. A scan for any
   * claimable run (another worker's, one to try again, a lease that ended) every `pollMs`: at
   * once when no email is kicked, else in place of the kicked emails' claim, which it takes
   * along; and at once after a scan that took half a batch or more of runs nobody kicked.
   */
  ready(stopping: () => boolean): Promise<ClaimPlan | null>;
  /** The emails whose runs the claim took (none when it failed): a scan's are kicked no more; a batch runs if any. */
  claimed(plan: ClaimPlan, emailIds: string[]): void;
  /** A batch that a claim took ended. */
  ended(): void;
}

/**
 * Holds a claim after a kick so that a batch gathers the sends that finish meanwhile, instead of
 * one claim per send under load. While a batch runs, the next one gathers until it is full or its
 * oldest kick waited `holdMs`; with none running, a pause of `quietMs` in the kicks claims at
 * once. So a lone send's macro starts after `quietMs`, a burst's last ones once the batch before
 * them ended, and under a stream of sends batches fill rather than going each time the sends
 * pause. A claim of kicked emails reads those runs by key; the scan over every pending run comes
 * once per `pollMs`, or at the kicked emails' claim after it (so a run nobody kicked waits at
 * most `pollMs` + `holdMs` for a free loop).
 */
export function createClaimGate(options: { batchSize: number; holdMs: number; quietMs: number; pollMs: number }): ClaimGate {
  /** Emails kicked and not claimed yet, oldest kick first, with when they were kicked. */
  const kicked = new Map<string, number>();
  let lastKickAt = 0;
  /** When the last claim was made: kicks it left behind (a full batch) hold from then, not from their kick. */
  let lastClaimAt = -Infinity;
  let lastScanAt = performance.now();
  let backlog = false;
  /** Batches claimed and not ended. */
  let running = 0;
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
    const emailIds = [...kicked.keys()].slice(0, options.batchSize);
    for (const id of emailIds) kicked.delete(id);
    return { emailIds };
  };
  /** Time left until the kicked emails' claim is due (0: now), Infinity with none kicked. */
  const holdLeft = (now: number): number => {
    const firstKickAt = kicked.values().next().value;
    if (firstKickAt === undefined) return Infinity;
    if (kicked.size >= options.batchSize) return 0;
    const held = Math.max(firstKickAt, lastClaimAt) + options.holdMs;
    return Math.min(held, running === 0 ? lastKickAt + options.quietMs : Infinity) - now;
  };

  return {
    kick(emailId) {
      lastKickAt = performance.now();
      if (!kicked.has(emailId)) kicked.set(emailId, lastKickAt);
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
        if (backlog) return { scan: true };
        const now = performance.now();
        const scanLeft = lastScanAt + options.pollMs - now;
        const left = holdLeft(now);
        // A scan due while kicked emails gather waits for their claim and takes their runs along
        // (it takes any claimable run): one batch, where a scan on the poll's time would cut theirs in two.
        if (left === Infinity ? scanLeft <= 0 : left <= 0) {
          lastClaimAt = now;
          return scanLeft <= 0 ? { scan: true } : takeKicked();
        }
        await sleep(left === Infinity ? scanLeft : left);
      }
      return null;
    },
    claimed(plan, emailIds) {
      if (emailIds.length > 0) running++;
      if (!('scan' in plan)) return;
      lastScanAt = performance.now();
      // Half a batch of runs nobody kicked here (another worker's, a restart's) says more may
      // wait. A few are the runs of sends whose kick is on its way.
      backlog = emailIds.filter((id) => !kicked.has(id)).length >= options.batchSize / 2;
      // Left kicked, the scan's runs would fill the next kicked claim with runs already leased,
      // which it skips: a batch of the few left, at a whole batch's cost.
      for (const id of emailIds) kicked.delete(id);
    },
    ended() {
      running--;
      wake();
    },
  };
}
