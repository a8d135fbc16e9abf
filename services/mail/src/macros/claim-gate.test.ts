import { createClaimGate, type ClaimPlan } from './claim-gate';

// The gate's clock is performance.now() and its waits are timers: both are the fake timers' here,
// so each rule is checked at the moment it applies, with no real wait.

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const POLL_MS = 1_000;
const LONG_MS = 600_000;

type Gate = ReturnType<typeof createClaimGate>;

/** The gate's next plan and how long after the call it came, letting fake time run `ms` for it. */
async function nextPlan(gate: Gate, ms = POLL_MS): Promise<{ plan: ClaimPlan | null; after: number }> {
  const asked = performance.now();
  let after = -1;
  const plan = gate.ready(() => false).then((next) => {
    after = performance.now() - asked;
    return next;
  });
  await jest.advanceTimersByTimeAsync(ms);
  return { plan: await plan, after };
}

describe('the claim gate', () => {
  it('claims a batch of kicked emails at once, oldest kicks first', async () => {
    const gate = createClaimGate({ batchSize: 2, holdMs: LONG_MS, quietMs: LONG_MS, pollMs: LONG_MS });
    for (const id of ['a', 'b', 'c']) gate.kick(id);
    expect(await nextPlan(gate, 0)).toEqual({ plan: { emailIds: ['a', 'b'] }, after: 0 });
  });

  it('claims kicked emails once kicks pause for the quiet gap', async () => {
    const gate = createClaimGate({ batchSize: 10, holdMs: LONG_MS, quietMs: 50, pollMs: LONG_MS });
    gate.kick('a');
    gate.kick('b');
    expect(await nextPlan(gate)).toEqual({ plan: { emailIds: ['a', 'b'] }, after: 50 });
  });

  it('scans on the poll when nothing is kicked, and again at once after half a batch or more of runs nobody kicked', async () => {
    const gate = createClaimGate({ batchSize: 4, holdMs: LONG_MS, quietMs: LONG_MS, pollMs: POLL_MS });
    const first = await nextPlan(gate);
    expect(first).toEqual({ plan: { scan: true }, after: POLL_MS });
    gate.claimed(first.plan!, ['x', 'y']);
    const second = await nextPlan(gate, 0);
    expect(second).toEqual({ plan: { scan: true }, after: 0 });
    // A run or two whose kick is on its way is no backlog.
    gate.kick('z');
    gate.claimed(second.plan!, ['w', 'z']);
    expect(await nextPlan(gate, POLL_MS)).toEqual({ plan: { scan: true }, after: POLL_MS });
  });

  it('holds a scan due while kicked emails gather until their claim, which the scan takes along', async () => {
    const gate = createClaimGate({ batchSize: 10, holdMs: 3 * POLL_MS, quietMs: LONG_MS, pollMs: POLL_MS });
    gate.kick('a');
    // The scan was due after one poll; it comes when a's hold ends, two polls later.
    expect(await nextPlan(gate, 3 * POLL_MS)).toEqual({ plan: { scan: true }, after: 3 * POLL_MS });
  });

  it('leaves the runs a scan took out of the next kicked claim', async () => {
    const gate = createClaimGate({ batchSize: 10, holdMs: LONG_MS, quietMs: 50, pollMs: POLL_MS });
    jest.advanceTimersByTime(POLL_MS);
    gate.kick('a');
    gate.kick('b');
    const scan = await nextPlan(gate);
    expect(scan).toEqual({ plan: { scan: true }, after: 50 });
    // The scan took a's run; b's was not claimable yet (its send still being recorded, say).
    gate.claimed(scan.plan!, ['a']);
    gate.ended();
    expect(await nextPlan(gate)).toEqual({ plan: { emailIds: ['b'] }, after: 0 });
  });

  it('holds the kicks a full batch left behind from that claim, not from their kick', async () => {
    const gate = createClaimGate({ batchSize: 2, holdMs: 2 * POLL_MS, quietMs: LONG_MS, pollMs: LONG_MS });
    for (const id of ['a', 'b', 'c']) gate.kick(id);
    // Both loops were busy a while: the batch is claimed when one is free.
    jest.advanceTimersByTime(POLL_MS);
    expect(await nextPlan(gate, 0)).toEqual({ plan: { emailIds: ['a', 'b'] }, after: 0 });
    // c waited a poll already; its hold starts at the claim, so the next batch can gather.
    expect(await nextPlan(gate, 2 * POLL_MS)).toEqual({ plan: { emailIds: ['c'] }, after: 2 * POLL_MS });
  });

  it('counts a full scan of kicked runs alone as no backlog: the rest of the kicked go by their own claim', async () => {
    const gate = createClaimGate({ batchSize: 2, holdMs: LONG_MS, quietMs: 50, pollMs: POLL_MS });
    for (const id of ['a', 'b', 'c']) gate.kick(id);
    jest.advanceTimersByTime(POLL_MS);
    const scan = await nextPlan(gate, 0);
    expect(scan.plan).toEqual({ scan: true });
    gate.claimed(scan.plan!, ['a', 'b']);
    gate.ended();
    expect(await nextPlan(gate)).toEqual({ plan: { emailIds: ['c'] }, after: 0 });
  });

  it('gathers the next batch while one runs, however the kicks pause, until it is full, held long enough or the running one ends', async () => {
    const gate = createClaimGate({ batchSize: 3, holdMs: 5 * POLL_MS, quietMs: 50, pollMs: LONG_MS });
    gate.kick('a');
    const first = await nextPlan(gate);
    expect(first).toEqual({ plan: { emailIds: ['a'] }, after: 50 });
    gate.claimed(first.plan!, ['a']);
    gate.kick('b');
    let next: ClaimPlan | null = null;
    const asked = gate.ready(() => false).then((plan) => (next = plan));
    await jest.advanceTimersByTimeAsync(POLL_MS);
    expect(next).toBeNull();
    gate.ended();
    await asked;
    expect(next).toEqual({ emailIds: ['b'] });

    // Full: at once, a batch running or not.
    gate.claimed(next!, ['b']);
    for (const id of ['c', 'd', 'e']) gate.kick(id);
    expect(await nextPlan(gate, 0)).toEqual({ plan: { emailIds: ['c', 'd', 'e'] }, after: 0 });
    // Held: the oldest kick's hold ends while a batch still runs.
    gate.kick('f');
    expect(await nextPlan(gate, 5 * POLL_MS)).toEqual({ plan: { emailIds: ['f'] }, after: 5 * POLL_MS });
  });

  it('answers null once the runner stops', async () => {
    const gate = createClaimGate({ batchSize: 10, holdMs: LONG_MS, quietMs: LONG_MS, pollMs: LONG_MS });
    let stopping = false;
    const plan = gate.ready(() => stopping);
    stopping = true;
    gate.wake();
    expect(await plan).toBeNull();
  });
});
