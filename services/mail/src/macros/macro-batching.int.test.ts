import type { Ticket } from '@switchboard/contracts';
import { createTestKeys, type TestKeys } from '@switchboard/service-kit/testing';
import { createSendStore } from '../delivery/send-store';
import type { SeededEmail } from '../delivery/testing/seed';
import { eventually } from '../delivery/testing/seed';
import { silentLogger } from '../delivery/testing/silent-logger';
import { insertQueuedMacroSends, MACRO_STEPS_SQL } from '../testing/macro-sends';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createMacroRunner, type MacroRunner, type MacroRunnerOptions } from './macro-runner';

// Decision 0013: a runner's batch gathers the sends that finish while it fills, instead of one
// claim per kick. Batches are counted by tickets' transactions: all ticket changes of one batch's
// round go in one `POST /tickets/changes`, which tickets commits in one transaction, so the rows
// it wrote share one xmin. No timing is asserted: holds and polls are set so long that only the
// behaviour under test can end the wait.

const queueId = '0f6a4c1e-2b7d-4e55-9c1a-5d2e8b3f7a01';
const LONG_MS = 600_000;

let keys: TestKeys;
let ctx: MailTestContext;
let runner: MacroRunner | undefined;
let emails: SeededEmail[];

beforeAll(async () => {
  keys = await createTestKeys();
  ctx = await createMailTestContext({ keys });
  await ctx.addQueue({ id: queueId, name: 'Support', fromAddress: 'support@batching.test' });
  const ticketsAuth = { authorization: `Bearer ${await keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' })}` };
  const tickets: Ticket[] = [];
  for (let i = 0; i < 83; i++) {
    const res = await ctx.tickets.inject({ method: 'POST', url: '/tickets', headers: ticketsAuth, body: { title: `Batched macro ${i}`, queueId } });
    tickets.push(res.json<Ticket>());
  }
  emails = await insertQueuedMacroSends(ctx.app.orm, queueId, tickets, () => [
    { type: 'setPriority', priority: 'high' },
    { type: 'addTags', tags: ['batched'] },
    { type: 'setStatus', status: 'pending' },
  ]);
}, 120_000);

afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});
afterAll(() => ctx?.close());

function startRunner(options: Partial<MacroRunnerOptions>): MacroRunner {
  runner = createMacroRunner({
    orm: ctx.app.orm,
    logger: silentLogger,
    tickets: { baseUrl: ctx.ticketsUrl, getToken: () => keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' }) },
    crm: null,
    ...options,
  });
  runner.start();
  return runner;
}

/** Records these emails sent as a worker does (their runs are free to take from then on). */
async function markSent(sent: SeededEmail[]): Promise<void> {
  const store = createSendStore(ctx.app.orm);
  for (const email of sent) await store.markSent(email.id, '250 OK');
}

/** Whether every step of these sends' macros was recorded done. */
async function allDone(sent: SeededEmail[]): Promise<boolean> {
  const [row] = await ctx.app.orm.em
    .fork()
    .execute<{ n: string }[]>(`select count(*) as n from ${MACRO_STEPS_SQL} s where s.state <> 'done' and s.email_id in (?)`, [sent.map((email) => email.id)]);
  return Number(row!.n) === 0;
}

/** How many runs each tickets transaction applied the first steps of, largest first. */
async function batchSizes(sent: SeededEmail[]): Promise<number[]> {
  const rows = await ctx.tickets.orm.em
    .fork()
    .execute<{ n: string }[]>('select count(*) as n from tickets.applied_change where key in (?) group by xmin::text order by n desc', [
      sent.map((email) => `${email.id}:0`),
    ]);
  return rows.map((row) => Number(row.n));
}

it("gathers the sends kicked while a batch fills: twenty sends finishing one by one make one batch, not one per send", async () => {
  const sent = emails.slice(0, 20);
  const macros = startRunner({ batchSize: 20, holdMs: LONG_MS, quietMs: LONG_MS, pollMs: LONG_MS });
  for (const email of sent) {
    await markSent([email]);
    macros.kick(email.id);
  }
  await eventually(() => allDone(sent), 'the twenty macros to run', 60_000);
  expect(await batchSizes(sent)).toEqual([20]);
}, 90_000);

it('claims a backlog nobody kicked for (another worker, a restart) in full batches, one after another, once the poll comes', async () => {
  const backlog = emails.slice(20, 45);
  await markSent(backlog);
  startRunner({ batchSize: 10, holdMs: LONG_MS, quietMs: LONG_MS, pollMs: 50 });
  await eventually(() => allDone(backlog), 'the backlog to run', 60_000);
  expect(await batchSizes(backlog)).toEqual([10, 10, 5]);
}, 90_000);

it('claims a few kicked sends once the hold ends, though the batch is far from full and kicks keep coming (no starvation)', async () => {
  const few = emails.slice(45, 48);
  const macros = startRunner({ batchSize: 100, holdMs: 20, quietMs: LONG_MS, pollMs: LONG_MS });
  await markSent(few);
  for (const email of few) macros.kick(email.id);
  await eventually(() => allDone(few), 'the few macros to run', 60_000);
  expect(await batchSizes(few)).toEqual([3]);
}, 90_000);

it('claims the kicked sends as soon as kicks pause, without waiting for the hold', async () => {
  const burst = emails.slice(48, 73);
  await markSent(burst);
  const macros = startRunner({ batchSize: 100, holdMs: LONG_MS, quietMs: 20, pollMs: LONG_MS });
  for (const email of burst) macros.kick(email.id);
  await eventually(() => allDone(burst), 'the burst to run', 60_000);
  expect(await batchSizes(burst)).toEqual([25]);
}, 90_000);

it('claims at the quiet gap again once the batch before has ended (the runner tells the gate)', async () => {
  const [first, second] = [emails.slice(73, 78), emails.slice(78)];
  await markSent([...first, ...second]);
  const macros = startRunner({ batchSize: 100, holdMs: LONG_MS, quietMs: 20, pollMs: LONG_MS });
  for (const email of first) macros.kick(email.id);
  await eventually(() => allDone(first), 'the first burst to run', 60_000);
  // While a batch runs the quiet gap does not claim; the first one has ended, so the second burst goes.
  for (const email of second) macros.kick(email.id);
  await eventually(() => allDone(second), 'the second burst to run', 60_000);
  expect([await batchSizes(first), await batchSizes(second)]).toEqual([[5], [5]]);
}, 90_000);
