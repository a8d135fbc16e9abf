import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SEND_QUEUE_NAME, type MacroAction, type Ticket, type TicketPriority, type TicketStatus, type TicketTags } from '@switchboard/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startSmtpSink, type SmtpSink } from '../../../../infra/src/mail-sink/smtp-sink';
import { startWorkerProcess, type Child, type WorkerEnv } from '../delivery/testing/processes';
import { eventually, statusCounts } from '../delivery/testing/seed';
import { startDurableRedis, type DurableRedis } from '../testing/durable-redis';
import { createMacroTickets, insertQueuedMacroSends, MACRO_STEPS_SQL, runnableMacroRuns } from '../testing/macro-sends';
import { startMacroServices, type MacroServices } from '../testing/macro-services';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';

// E13 faults: 300 sends, each with a 4-action macro, delivered by the real worker process while
// it is killed with SIGKILL three times and its Redis once (restarted over its append-only file).
// The worker gets its service tokens from a real identity service, as in production.

const TOTAL = 300;
const CONCURRENCY = 8;
const PREFIX = `sbtest-macro-faults-${randomBytes(4).toString('hex')}`;
/** Receipts at which a fault strikes: a worker kill, or the Redis kill and restart. */
const FAULTS = [
  { at: 50, fault: 'worker' },
  { at: 110, fault: 'worker' },
  { at: 170, fault: 'redis' },
  { at: 220, fault: 'worker' },
] as const;

const STATUSES: TicketStatus[] = ['pending', 'closed', 'open'];
const PRIORITIES: TicketPriority[] = ['low', 'high', 'normal'];

let services: MacroServices;
let ctx: MailTestContext;
let redis: DurableRedis;
let sink: SmtpSink;
let blobDir: string;
const workers: Child[] = [];

const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@faults.test' };

/** The macro of the i-th send; setStatus last, as a closed ticket may refuse further changes. */
const macroOf = (i: number): MacroAction[] => [
  { type: 'setPriority', priority: PRIORITIES[i % PRIORITIES.length] },
  { type: 'addTags', tags: ['macro', `batch-${i % 7}`] },
  { type: 'addNote', text: `Macro note ${i}` },
  { type: 'setStatus', status: STATUSES[i % STATUSES.length] },
];

function startWorker(): Child {
  const env: WorkerEnv & Record<string, string> = {
    DATABASE_URL: ctx.databaseUrl,
    REDIS_URL: redis.url,
    BLOB_DIR: blobDir,
    SMTP_URL: sink.url,
    MAIL_QUEUE_PREFIX: PREFIX,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    // A killed worker's jobs return to the queue within about two lock durations.
    WORKER_LOCK_DURATION_MS: '2000',
    ...services.workerEnv(ctx.ticketsUrl),
  };
  const child = startWorkerProcess(env);
  workers.push(child);
  return child;
}

beforeAll(async () => {
  services = await startMacroServices();
  ctx = await createMailTestContext({ keys: services.keys });
  await ctx.addQueue(support);
  redis = await startDurableRedis();
  sink = await startSmtpSink({ parse: false });
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-mail-blobs-'));
}, 60_000);

afterAll(async () => {
  for (const child of workers) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  await Promise.all(workers.map((child) => child.exited));
  await sink?.close();
  await redis?.close();
  await ctx?.close();
  await services?.close();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

/** For a failure message: the emails with steps still pending, their status and their job's state. */
const unfinishedSends = async () => {
  const rows = await ctx.app.orm.em.fork().execute<{ id: string; status: string; steps: string }[]>(
    `select e.id, e.status, string_agg(s."index" || ':' || s.state, ',' order by s."index") as steps
      from "mail"."email" e join ${MACRO_STEPS_SQL} s on s.email_id = e.id
      group by e.id, e.status having bool_or(s.state = 'pending') limit 10`,
  );
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(SEND_QUEUE_NAME, { connection: client, prefix: PREFIX });
  try {
    const described = await Promise.all(
      rows.map(async (row) => {
        const job = await queue.getJob(row.id);
        const state = job ? `${await job.getState()} attempts ${job.attemptsMade} ${job.failedReason ?? ''}` : 'no job';
        return `${row.id} ${row.status} [${row.steps}] job: ${state}`;
      }),
    );
    return described.join('\n');
  } finally {
    await queue.close();
    client.disconnect();
  }
};

/** Sent emails whose macro has steps still to run. */
const sentWithMacroUnfinished = async () => {
  const [row] = await ctx.app.orm.em.fork().execute<{ n: string }[]>(
    `select count(distinct s.email_id) as n from ${MACRO_STEPS_SQL} s join "mail"."email" e on e.id = s.email_id
      where e.status = 'sent' and s.state = 'pending'`,
  );
  return Number(row.n);
};

it('after three worker kills and a Redis kill, every ticket ends as modelled, notes once, actions in order, mail delivered', async () => {
  const started = Date.now();
  const { tickets, ticketsAuth } = await createMacroTickets({ tickets: ctx.tickets, crm: services.crm, keys: services.keys }, support.id, TOTAL);
  const emails = await insertQueuedMacroSends(ctx.app.orm, support.id, tickets, macroOf);
  let worker = startWorker();
  const inFlightAtKills: number[] = [];
  const macrosUnfinishedAtKills: number[] = [];
  const waitFor = (what: string, check: () => Promise<boolean>) =>
    eventually(check, what, 90_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\nunfinished sends: ${await unfinishedSends()}\n${worker.output()}`);
    });
  for (const { at, fault } of FAULTS) {
    await waitFor(`${at} messages received`, async () => sink.accepted.length >= at);
    if (fault === 'worker') {
      worker.process.kill('SIGKILL');
      expect((await worker.exited).signal).toBe('SIGKILL');
      inFlightAtKills.push((await statusCounts(ctx.app.orm)).sending ?? 0);
      macrosUnfinishedAtKills.push(await sentWithMacroUnfinished());
      worker = startWorker();
    } else {
      await redis.kill();
      await redis.start();
    }
  }
  await waitFor('every email sent', async () => (await statusCounts(ctx.app.orm)).sent === TOTAL);
  await waitFor('every macro step settled', async () => (await runnableMacroRuns(ctx.app.orm)) === 0);
  worker.process.kill('SIGTERM');
  expect(await worker.exited).toEqual({ code: 0, signal: null });

  // Delivery: each message at least once; a duplicate only for a send in flight at a kill.
  const received = new Map<string, number>();
  for (const { messageId } of sink.accepted) received.set(messageId!, (received.get(messageId!) ?? 0) + 1);
  expect(emails.filter((email) => !received.has(email.messageId))).toEqual([]);
  const duplicates = sink.accepted.length - received.size;
  const inFlight = inFlightAtKills.reduce((sum, n) => sum + n, 0);
  expect(duplicates).toBeLessThanOrEqual(inFlight);

  // Order: every step done, finished in its index order.
  const steps = await ctx.app.orm.em
    .fork()
    .execute<{ email_id: string; index: number; state: string }[]>(
      `select s.email_id, s."index", s.state from ${MACRO_STEPS_SQL} s order by s.email_id, s.finish_seq`,
    );
  const orderOf = new Map<string, string[]>();
  for (const step of steps) orderOf.set(step.email_id, [...(orderOf.get(step.email_id) ?? []), `${step.index}:${step.state}`]);
  const outOfOrder = emails.filter((email) => orderOf.get(email.id)?.join() !== '0:done,1:done,2:done,3:done');
  expect(outOfOrder).toEqual([]);

  // Tickets: each as its macro left it.
  const mismatches: string[] = [];
  for (const [i, ticket] of tickets.entries()) {
    const now = (await ctx.tickets.inject({ url: `/tickets/${ticket.id}`, headers: ticketsAuth })).json<Ticket>();
    const tags = (await ctx.tickets.inject({ url: `/tickets/${ticket.id}/tags`, headers: ticketsAuth })).json<TicketTags>().tags;
    const actual = { status: now.status, priority: now.priority, tags: [...tags].sort() };
    const expected = { status: STATUSES[i % STATUSES.length], priority: PRIORITIES[i % PRIORITIES.length], tags: [`batch-${i % 7}`, 'macro'] };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${i}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
  }
  expect(mismatches).toEqual([]);

  // Notes: exactly one per ticket, with its macro's text.
  const notes = await services.crm.orm.em
    .fork()
    .execute<{ ticket_id: string; body: string }[]>(`select ticket_id, body from "crm"."activity" where kind = 'note'`);
  const noteOf = new Map<string, string[]>();
  for (const note of notes) noteOf.set(note.ticket_id, [...(noteOf.get(note.ticket_id) ?? []), note.body]);
  expect(tickets.map((ticket, i) => [i, noteOf.get(ticket.id)]).filter(([i, bodies]) => JSON.stringify(bodies) !== JSON.stringify([`Macro note ${i}`]))).toEqual([]);
  expect(notes).toHaveLength(TOTAL);

  process.stdout.write(
    `macro faults: ${TOTAL} sends x 4 actions, 3 worker SIGKILLs (sends in flight: ${inFlightAtKills.join(', ')}; sent emails with macro unfinished: ${macrosUnfinishedAtKills.join(', ')}) and 1 Redis SIGKILL; ` +
      `${sink.accepted.length} messages received, ${duplicates} duplicates; ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
}, 240_000);
