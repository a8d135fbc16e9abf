/** When a macro runner claims its next batch (decision 0013). */
export interface ClaimGate {
  /** A send was sent (or found sent): its run is to be claimed soon. */
  kick(): void;
  /** Ends a wait in `ready` now (the runner stops). */
  wake(): void;
  /** Runs `claim` after the claims before it ended: one loop at a time gathers and claims. */
  turn<T>(claim: () => Promise<T>): Promise<T>;
  /**
   * Resolves when it is time to claim: `batchSize` kicks came, `holdMs` passed since the first
   * kick not claimed yet, the last claim found a full batch (more may wait), the idle poll came
   * round, or `stopping()` holds. The claim that follows covers every kick before it.
   */
  ready(stopping: () => boolean): Promise<void>;
  /** How many runs the claim found (0 when it failed). */
  claimed(count: number): void;
}

/**
 * Holds a claim a little after a kick so that a batch gathers the sends that finish meanwhile,
 * instead of one claim per send under load: at most `holdMs` from a kick to its claim while a loop
 * is free, at once when a batch's worth of sends kicked.
 */
export function createClaimGate(options: { batchSize: number; holdMs: number; pollMs: number }): ClaimGate {
  let kicks = 0;
  let firstKickAt: number | null = null;
  let backlog = false;
  let waiter: (() => void) | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const wake = () => {
    const resolve = waiter;
    waiter = null;
    resolve?.();
  };
  /** Waits `ms` or until woken; true when the time ran out. */
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        waiter = null;
        resolve(true);
      }, ms);
      waiter = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });

  return {
    kick() {
      kicks += 1;
      firstKickAt ??= performance.now();
      wake();
    },
    wake,
    turn(claim) {
      const result = chain.then(claim);
      chain = result.catch(() => undefined);
      return result;
    },
    async ready(stopping) {
      while (!stopping() && !backlog && kicks < options.batchSize) {
        if (firstKickAt === null) {
          // Idle: a kick, or the poll for runs nobody kicked for (another worker's, a retry's).
          if (await sleep(options.pollMs)) break;
          continue;
        }
        const left = firstKickAt + options.holdMs - performance.now();
        if (left <= 0 || (await sleep(left))) break;
      }
      kicks = 0;
      firstKickAt = null;
      backlog = false;
    },
    claimed(count) {
      backlog = count >= options.batchSize;
    },
  };
}
