import { setTimeout as sleep } from 'node:timers/promises';
import { createPeriodicTask, type PeriodicTaskOptions, type StepOutcome } from './periodic-task';

/** A logger that keeps its error lines. */
function recordingLog() {
  const errors: Array<[obj: object, msg: string]> = [];
  return { errors, log: { error: (obj: object, msg: string) => void errors.push([obj, msg]) } };
}

/** Polls until `done` holds, for at most a second. */
async function until(done: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !done(); tries++) await sleep(10);
  expect(done()).toBe(true);
}

/** A step that counts its runs and notes when one overlaps another. */
function countingStep(durationMs = 0, outcome: () => StepOutcome = () => undefined) {
  const state = { runs: 0, active: 0, overlapped: false };
  const step = async () => {
    state.runs += 1;
    state.active += 1;
    if (state.active > 1) state.overlapped = true;
    await sleep(durationMs);
    state.active -= 1;
    return outcome();
  };
  return { state, step };
}

const task = (options: Partial<PeriodicTaskOptions> & Pick<PeriodicTaskOptions, 'step'>) =>
  createPeriodicTask({ name: 'test task', intervalMs: 60_000, log: recordingLog().log, ...options });

describe('a periodic task', () => {
  it('runs a step at once on start, not again before the interval', async () => {
    const { state, step } = countingStep();
    const periodic = task({ step });
    periodic.start();
    await until(() => state.runs === 1);
    await sleep(50);
    expect(state.runs).toBe(1);
    await periodic.stop();
  });

  it('runs again each interval after the previous step ended, never two at once, until stopped', async () => {
    const { state, step } = countingStep(30);
    const periodic = task({ intervalMs: 5, step });
    periodic.start();
    await until(() => state.runs >= 4);
    await periodic.stop();
    const stoppedAt = state.runs;
    await sleep(60);
    expect(state.runs).toBe(stoppedAt);
    expect(state.overlapped).toBe(false);
  });

  it('runs a kicked step now when idle, and once right after a running step however often kicked', async () => {
    const { state, step } = countingStep(40);
    const periodic = task({ step });
    periodic.start();
    await until(() => state.active === 1);
    periodic.kick();
    periodic.kick();
    periodic.kick();
    await until(() => state.runs === 2);
    await until(() => state.active === 0);
    await sleep(60);
    expect(state.runs).toBe(2);
    periodic.kick();
    await until(() => state.runs === 3);
    await periodic.stop();
    expect(state.overlapped).toBe(false);
  });

  it('runs one step per kick when never started', async () => {
    const { state, step } = countingStep();
    const periodic = task({ intervalMs: 5, step });
    periodic.kick();
    await until(() => state.runs === 1);
    await sleep(50);
    expect(state.runs).toBe(1);
    await periodic.stop();
  });

  it('logs a failed step at error and carries on with the next', async () => {
    const { errors, log } = recordingLog();
    const failure = new Error('disk gone');
    let runs = 0;
    const periodic = task({
      intervalMs: 5,
      log,
      step: async () => {
        runs += 1;
        if (runs === 1) throw failure;
      },
    });
    periodic.start();
    await until(() => runs >= 3);
    await periodic.stop();
    expect(errors).toEqual([[{ err: failure }, 'test task failed']]);
  });

  it('hands failures to onError instead when given', async () => {
    const { errors, log } = recordingLog();
    const seen: unknown[] = [];
    const failure = new Error('redis away');
    const periodic = task({ log, onError: (error) => seen.push(error), step: () => Promise.reject(failure) });
    periodic.start();
    await until(() => seen.length === 1);
    await periodic.stop();
    expect(seen).toEqual([failure]);
    expect(errors).toEqual([]);
  });

  it('ends when a step answers done', async () => {
    const { state, step } = countingStep(0, () => (state.runs === 2 ? 'done' : undefined));
    const periodic = task({ intervalMs: 5, step });
    periodic.start();
    await until(() => state.runs === 2);
    await sleep(50);
    periodic.kick();
    await sleep(20);
    expect(state.runs).toBe(2);
    await periodic.stop();
  });

  it('aborts the running step on stop, waits for it to end, and ignores kicks afterwards', async () => {
    let ended = false;
    let runs = 0;
    const periodic = task({
      step: async (signal) => {
        runs += 1;
        while (!signal.aborted) await sleep(5);
        await sleep(20);
        ended = true;
      },
    });
    periodic.start();
    await sleep(20);
    await periodic.stop();
    expect(ended).toBe(true);
    periodic.kick();
    periodic.start();
    await sleep(20);
    expect(runs).toBe(1);
  });
});
