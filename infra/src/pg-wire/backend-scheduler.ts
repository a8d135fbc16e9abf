/**
 * Work on the one backend for one client. Resolves to true when the client must keep the backend
 * afterwards (a transaction block is open, or a request cycle is not finished).
 */
export type BackendWork = () => Promise<boolean>;

interface Job {
  client: object;
  work: BackendWork;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Shares one single-session backend between clients: one job at a time, in arrival order, except
 * that while a client holds the backend (its last job said so) only that client's jobs run and the
 * others wait, as they would on a PostgreSQL row or table lock held by an open transaction.
 */
export class BackendScheduler {
  private readonly queue: Job[] = [];
  private holder: object | undefined;
  private running = false;
  private idleWaiters: Array<() => void> = [];

  /** Runs `work` for `client` when its turn comes; rejects if the work throws or the client is dropped first. */
  run(client: object, work: BackendWork): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ client, work, resolve, reject });
      this.pump();
    });
  }

  /**
   * Forgets a client that went away: its waiting jobs are dropped (rejected), then `cleanUp` runs
   * in its turn if the client still holds the backend, which is released afterwards.
   */
  drop(client: object, cleanUp: () => Promise<void>): Promise<void> {
    for (let i = this.queue.length - 1; i >= 0; i -= 1) {
      if (this.queue[i].client !== client) continue;
      const [job] = this.queue.splice(i, 1);
      job.reject(new Error('Client disconnected'));
    }
    return this.run(client, async () => {
      if (this.holder === client) await cleanUp();
      return false;
    });
  }

  /** True while `client` holds the backend between its jobs. */
  isHeldBy(client: object): boolean {
    return this.holder === client;
  }

  /** Resolves once no job runs or waits. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.running) return;
    const index = this.holder ? this.queue.findIndex((job) => job.client === this.holder) : 0;
    if (index < 0 || this.queue.length === 0) {
      if (this.queue.length === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      return;
    }
    const [job] = this.queue.splice(index, 1);
    this.running = true;
    job.work().then(
      (keep) => {
        this.holder = keep ? job.client : undefined;
        job.resolve();
      },
      (error: unknown) => {
        this.holder = undefined;
        job.reject(error);
      },
    ).finally(() => {
      this.running = false;
      this.pump();
    });
  }
}
