import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobSweepResult } from './blob-sweep';
import { createBlobSweeper, type BlobSweeperOptions } from './blob-sweeper';

const nothing: BlobSweepResult = { examined: 3, removed: 0, bytesFreed: 0, tempFilesRemoved: 0, tempBytesFreed: 0 };

/** A logger that keeps what it was told. */
function recordingLog() {
  const lines: Array<[level: string, message: string, data: unknown]> = [];
  const at = (level: string) => (data: unknown, message: string) => void lines.push([level, message, data]);
  const log = { info: at('info'), debug: at('debug'), error: at('error') } as unknown as BlobSweeperOptions['log'];
  return { lines, log };
}

/** A sweep that counts its runs; run n answers `outcomes[n]` (the last one from then on). */
function scriptedSweep(outcomes: Array<BlobSweepResult | Error> = [nothing]) {
  const state = {
    runs: 0,
    sweep: async () => {
      const outcome = outcomes[Math.min(state.runs, outcomes.length - 1)];
      state.runs += 1;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
  return state;
}

/** Polls until `done` holds, for at most a second. */
async function until(done: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !done(); tries++) await sleep(10);
  expect(done()).toBe(true);
}

describe('the blob sweeper', () => {
  it('sweeps at once on start, not again before the interval', async () => {
    const counted = scriptedSweep();
    const sweeper = createBlobSweeper({ intervalMs: 60_000, log: recordingLog().log, sweep: counted.sweep });
    sweeper.start();
    await until(() => counted.runs === 1);
    await sleep(50);
    expect(counted.runs).toBe(1);
    await sweeper.stop();
  });

  it('sweeps again after each interval, until stopped', async () => {
    const counted = scriptedSweep();
    const sweeper = createBlobSweeper({ intervalMs: 20, log: recordingLog().log, sweep: counted.sweep });
    sweeper.start();
    await until(() => counted.runs >= 3);
    await sweeper.stop();
    const stoppedAt = counted.runs;
    await sleep(60);
    expect(counted.runs).toBe(stoppedAt);
  });

  it('logs a failed sweep and carries on with the next', async () => {
    const { lines, log } = recordingLog();
    const failure = new Error('disk gone');
    const scripted = scriptedSweep([failure, nothing]);
    const sweeper = createBlobSweeper({ intervalMs: 10, log, sweep: scripted.sweep });
    sweeper.start();
    await until(() => scripted.runs >= 2);
    await sweeper.stop();
    expect(lines[0]).toEqual(['error', 'blob sweep failed', { err: failure }]);
  });

  it('logs at info only when something was removed', async () => {
    const { lines, log } = recordingLog();
    const results = [nothing, { ...nothing, removed: 2, bytesFreed: 500 }, { ...nothing, tempFilesRemoved: 1, tempBytesFreed: 9 }];
    const scripted = scriptedSweep(results);
    const sweeper = createBlobSweeper({ intervalMs: 5, log, sweep: scripted.sweep });
    sweeper.start();
    await until(() => scripted.runs >= 3);
    await sweeper.stop();
    expect(lines.slice(0, 3).map(([level, , data]) => [level, data])).toEqual([
      ['debug', results[0]],
      ['info', results[1]],
      ['info', results[2]],
    ]);
  });

  it('aborts the running sweep on stop and waits for it to end', async () => {
    let ended = false;
    const sweeper = createBlobSweeper({
      intervalMs: 1000,
      log: recordingLog().log,
      sweep: async (signal) => {
        while (!signal.aborted) await sleep(5);
        await sleep(20);
        ended = true;
        return nothing;
      },
    });
    sweeper.start();
    await sleep(20);
    await sweeper.stop();
    expect(ended).toBe(true);
  });
});
