/** What a step may answer: `'done'` ends the task (a retry that finally succeeded). */
export type StepOutcome = void | 'done';

/** Options of a periodic task. */
export interface PeriodicTaskOptions {
  /** Names the task in log lines (`<name> failed`). */
  name: string;
  /** Time from the end of one step to the start of the next, in ms. */
  intervalMs: number;
  /** One step; it should stop early once the signal aborts (the task is stopping). */
  step(signal: AbortSignal): Promise<StepOutcome>;
  /** Where a failed step is logged. */
  log: { error(obj: object, msg: string): void };
  /** Reports a failed step instead of logging it at error, e.g. once per outage. */
  onError?(error: unknown): void;
}

/** Background work that runs one step at a time, never overlapping. */
export interface PeriodicTask {
  /** Runs a step now, then one `intervalMs` after each step ends. */
  start(): void;
  /**
   * Runs a step soon: now when none is running, else once right after the running one (kicks
   * meanwhile coalesce). Works before `start` too, for one step.
   */
  kick(): void;
  /** No further steps; aborts the running step's signal and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Creates a periodic task. A failed step is logged and the next one runs as planned; the timer
 * never keeps the process alive.
 */
export function createPeriodicTask(options: PeriodicTaskOptions): PeriodicTask {
  const stopping = new AbortController();
  const reportError = options.onError ?? ((error: unknown) => options.log.error({ err: error }, `${options.name} failed`));
  let started = false;
  let finished = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const over = () => stopping.signal.aborted || finished;

  const stepOnce = async () => {
    try {
      if ((await options.step(stopping.signal)) === 'done') finished = true;
    } catch (error) {
      reportError(error);
    }
  };

  const run = () => {
    clearTimeout(timer);
    again = false;
    running = stepOnce().then(() => {
      running = undefined;
      if (over()) return;
      if (again) run();
      else if (started) {
        timer = setTimeout(run, options.intervalMs);
        timer.unref();
      }
    });
  };

  const kick = () => {
    if (over()) return;
    if (running) again = true;
    else run();
  };

  return {
    start() {
      if (started) return;
      started = true;
      kick();
    },
    kick,
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
