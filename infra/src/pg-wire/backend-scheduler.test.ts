import { BackendScheduler } from './backend-scheduler';

/** Work that records its name and finishes when released, telling the scheduler whether to keep the backend. */
function gate(log: string[], name: string, keep = false) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return keep;
    },
    release,
  };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('BackendScheduler', () => {
  it('runs one job at a time in arrival order', async () => {
    const scheduler = new BackendScheduler();
    const log: string[] = [];
    const [a, b] = [gate(log, 'a'), gate(log, 'b')];
    const runs = [scheduler.run({}, a.work), scheduler.run({}, b.work)];
    await flush();
    expect(log).toEqual(['start a']);
    a.release();
    await flush();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    b.release();
    await Promise.all(runs);
    await scheduler.idle();
  });

  it("lets only the holder's jobs run until one of them releases the backend", async () => {
    const scheduler = new BackendScheduler();
    const [clientA, clientB] = [{}, {}];
    const log: string[] = [];
    const begin = gate(log, 'a-begin', true);
    const other = gate(log, 'b');
    const commit = gate(log, 'a-commit', false);
    begin.release();
    await scheduler.run(clientA, begin.work);
    expect(scheduler.isHeldBy(clientA)).toBe(true);
    const b = scheduler.run(clientB, other.work);
    await flush();
    expect(log).not.toContain('start b');
    const a = scheduler.run(clientA, commit.work);
    commit.release();
    await a;
    other.release();
    await b;
    expect(log).toEqual(['start a-begin', 'end a-begin', 'start a-commit', 'end a-commit', 'start b', 'end b']);
  });

  it('drops a leaving client: its waiting jobs are refused and clean-up runs only if it held the backend', async () => {
    const scheduler = new BackendScheduler();
    const [holder, bystander] = [{}, {}];
    const cleanUps: string[] = [];
    await scheduler.run(holder, async () => true);
    const waiting = scheduler.run(bystander, async () => false);
    const refused = scheduler.run(holder, async () => false);
    await scheduler.drop(holder, async () => void cleanUps.push('holder'));
    await expect(refused).rejects.toThrow('Client disconnected');
    await waiting;
    await scheduler.drop(bystander, async () => void cleanUps.push('bystander'));
    expect(cleanUps).toEqual(['holder']);
    expect(scheduler.isHeldBy(holder)).toBe(false);
  });

  it('releases the backend when a job fails', async () => {
    const scheduler = new BackendScheduler();
    const client = {};
    await scheduler.run(client, async () => true);
    await expect(scheduler.run(client, async () => Promise.reject(new Error('backend broke')))).rejects.toThrow('backend broke');
    expect(scheduler.isHeldBy(client)).toBe(false);
    await scheduler.run({}, async () => false);
  });
});
