import { randomBytes } from 'node:crypto';
import type { Ticket, TicketTags } from '@switchboard/contracts';
import { createTestKeys, type TestKeys } from '@switchboard/service-kit/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startTestRedis, type TestRedis } from '../delivery/testing/processes';
import { eventually } from '../delivery/testing/seed';
import { silentLogger } from '../delivery/testing/silent-logger';
import { insertQueuedMacroSends, macroStepStates } from '../testing/macro-sends';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createMacroQueue, MACRO_QUEUE_NAME, type MacroQueue } from './macro-queue';
import { createMacroRunner } from './macro-runner';
import { createMacroSweeper } from './macro-sweeper';

// E13 recovery: a macro whose job Redis lost (no persistence, FLUSHALL) runs anyway, once, without
// the agent's Try again: the macro sweep finds the sent email's pending steps with no job and adds it.

const PREFIX = `sbtest-macro-sweep-${randomBytes(4).toString('hex')}`;
const queueId = '7c1d7a52-5a0e-4a53-9a3e-3f1c0b9d2a11';

let keys: TestKeys;
let ctx: MailTestContext;
let redis: TestRedis;
let macroQueue: MacroQueue | undefined;
let ticketsAuth: Record<string, string>;

beforeAll(async () => {
  keys = await createTestKeys();
  ctx = await createMailTestContext({ keys });
  await ctx.addQueue({ id: queueId, name: 'Support', fromAddress: 'support@sweep.test' });
  redis = await startTestRedis();
  ticketsAuth = { authorization: `Bearer ${await keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' })}` };
}, 60_000);

afterAll(async () => {
  await macroQueue?.close();
  await redis?.kill();
  await ctx?.close();
});

it('re-enqueues a sent macro whose job a FLUSHALL lost; it completes once, and a sweep after it adds nothing', async () => {
  const created = await ctx.tickets.inject({ method: 'POST', url: '/tickets', headers: ticketsAuth, body: { title: 'Lost macro', queueId } });
  const ticket = created.json<Ticket>();
  const [email] = await insertQueuedMacroSends(ctx.app.orm, queueId, [ticket], () => [
    { type: 'setPriority', priority: 'high' },
    { type: 'addTags', tags: ['swept'] },
    { type: 'setStatus', status: 'pending' },
  ]);
  // Sent, and its macro job added as the send worker adds it; then Redis loses everything.
  await ctx.app.orm.em.fork().execute(`update "mail"."email" set status = 'sent', sent_at = now() where id = ?`, [email!.id]);
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const producer = new Queue(MACRO_QUEUE_NAME, { connection: client, prefix: PREFIX });
  await producer.add('macro', { emailId: email!.id }, { jobId: email!.id });
  await client.flushall();
  await producer.close();
  client.disconnect();

  const runner = createMacroRunner({
    orm: ctx.app.orm,
    logger: silentLogger,
    tickets: { baseUrl: ctx.ticketsUrl, getToken: () => keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' }) },
    crm: null,
  });
  // Within the grace period nothing is swept: the send worker may still be adding the job.
  const patient = createMacroSweeper({ orm: ctx.app.orm, jobs: { missing: async (ids) => ids, add: async () => undefined }, graceMs: 3_600_000, logger: silentLogger });
  expect(await patient.sweep()).toBe(0);

  macroQueue = createMacroQueue({ connection: redis.url, prefix: PREFIX, runner, orm: ctx.app.orm, sweep: { intervalMs: 100, graceMs: 0 }, logger: silentLogger });
  await eventually(async () => (await macroStepStates(ctx.app.orm)).done === 3, 'the lost macro to run', 30_000);

  const after = (await ctx.tickets.inject({ url: `/tickets/${ticket.id}`, headers: ticketsAuth })).json<Ticket>();
  const tags = (await ctx.tickets.inject({ url: `/tickets/${ticket.id}/tags`, headers: ticketsAuth })).json<TicketTags>();
  expect([after.priority, after.status, tags.tags]).toEqual(['high', 'pending', ['swept']]);
  const keysApplied = await ctx.tickets.orm.em
    .fork()
    .execute<{ key: string }[]>('select key from tickets.applied_change where ticket_id = ? order by key', [ticket.id]);
  expect(keysApplied.map((row) => row.key)).toEqual([0, 1, 2].map((index) => `${email!.id}:${index}`));
  const sweepAgain = createMacroSweeper({ orm: ctx.app.orm, jobs: { missing: async (ids) => ids, add: async () => undefined }, graceMs: 0, logger: silentLogger });
  expect(await sweepAgain.sweep()).toBe(0);
}, 60_000);
