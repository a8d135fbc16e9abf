import { randomUUID } from 'node:crypto';
import type { Ticket, TicketTags } from '@switchboard/contracts';
import { createTestKeys, type TestKeys } from '@switchboard/service-kit/testing';
import { createSendStore } from '../delivery/send-store';
import { eventually } from '../delivery/testing/seed';
import { silentLogger } from '../delivery/testing/silent-logger';
import { insertQueuedMacroSends, MACRO_STEPS_SQL, macroStepStates } from '../testing/macro-sends';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createMacroRunner, type MacroRunner } from './macro-runner';
import { createMacroStepStore } from './macro-store';

// E13 recovery (decision 0013): a macro run leased by a runner that died runs, once, without the
// agent's Try again, as soon as its lease ends; the dead runner's late record changes nothing.

const queueId = '7c1d7a52-5a0e-4a53-9a3e-3f1c0b9d2a11';

let keys: TestKeys;
let ctx: MailTestContext;
let runner: MacroRunner | undefined;
let ticketsAuth: Record<string, string>;

beforeAll(async () => {
  keys = await createTestKeys();
  ctx = await createMailTestContext({ keys });
  await ctx.addQueue({ id: queueId, name: 'Support', fromAddress: 'support@lease.test' });
  ticketsAuth = { authorization: `Bearer ${await keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' })}` };
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await ctx?.close();
});

it("runs a dead runner's leased macro once its lease ended; the dead runner's late record changes nothing", async () => {
  const created = await ctx.tickets.inject({ method: 'POST', url: '/tickets', headers: ticketsAuth, body: { title: 'Leased macro', queueId } });
  const ticket = created.json<Ticket>();
  const [email] = await insertQueuedMacroSends(ctx.app.orm, queueId, [ticket], () => [
    { type: 'setPriority', priority: 'high' },
    { type: 'addTags', tags: ['leased'] },
    { type: 'setStatus', status: 'pending' },
  ]);
  // Sent as a worker records it (the run is free to take from then on).
  await createSendStore(ctx.app.orm).markSent(email!.id, '250 OK');

  // A runner takes the run and dies before any call.
  const store = createMacroStepStore(ctx.app.orm);
  const dead = randomUUID();
  const taken = await store.claim(dead, 10, 3_600_000, null);
  expect(taken.map((run) => [run.emailId, run.attempts, run.steps.map((step) => step.index)])).toEqual([[email!.id, 1, [0, 1, 2]]]);
  // While its lease lasts nobody else takes it.
  expect(await store.claim(randomUUID(), 10, 3_600_000, null)).toEqual([]);

  runner = createMacroRunner({
    orm: ctx.app.orm,
    logger: silentLogger,
    tickets: { baseUrl: ctx.ticketsUrl, getToken: () => keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' }) },
    crm: null,
    pollMs: 50,
  });
  runner.start();
  // The lease ends (as an hour passing would end it).
  await ctx.app.orm.em.fork().execute(`update "mail"."macro_run" set lease_until = now() - interval '1 second' where email_id = ?`, [email!.id]);
  await eventually(async () => (await macroStepStates(ctx.app.orm)).done === 3, 'the leased macro to run', 30_000);

  const after = (await ctx.tickets.inject({ url: `/tickets/${ticket.id}`, headers: ticketsAuth })).json<Ticket>();
  const tags = (await ctx.tickets.inject({ url: `/tickets/${ticket.id}/tags`, headers: ticketsAuth })).json<TicketTags>();
  expect([after.priority, after.status, tags.tags]).toEqual(['high', 'pending', ['leased']]);
  const keysApplied = await ctx.tickets.orm.em
    .fork()
    .execute<{ key: string }[]>('select key from tickets.applied_change where ticket_id = ? order by key', [ticket.id]);
  expect(keysApplied.map((row) => row.key)).toEqual([0, 1, 2].map((index) => `${email!.id}:${index}`));

  // The dead runner comes back and records its steps failed: it no longer holds the run, so nothing changes.
  const recorded = async () =>
    ctx.app.orm.em
      .fork()
      .execute<{ index: number; state: string; finish_seq: string }[]>(
        `select s."index", s.state, s.finish_seq from ${MACRO_STEPS_SQL} s where s.email_id = ? order by s."index"`,
        [email!.id],
      );
  const before = await recorded();
  await store.finish(dead, [{ ...taken[0]!, ended: [0, 1, 2].map((index) => ({ index, state: 'failed' as const, reason: 'late' })), retryInMs: null }]);
  expect(await recorded()).toEqual(before);
  expect(before.map((step) => step.state)).toEqual(['done', 'done', 'done']);
}, 60_000);
