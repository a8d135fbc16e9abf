import type { MikroORM } from '@mikro-orm/postgresql';
import type { MacroAction } from '@switchboard/contracts';
import { createTestDatabase } from '@switchboard/service-kit/testing';
import { buildApp as buildTicketsApp } from '../../services/tickets/src/app';
import type { Child, WorkerEnv } from '../../services/mail/src/delivery/testing/processes';
import { eventually } from '../../services/mail/src/delivery/testing/seed';
import { createMacroTickets, insertQueuedMacroSends, macroStepStates, pendingMacroSteps } from '../../services/mail/src/testing/macro-sends';
import { startMacroServices, urlOf } from '../../services/mail/src/testing/macro-services';
import type { SmtpSink } from '../../infra/src/mail-sink/smtp-sink';

/** The 4-action macro of every send (E13): priority, tags, a CRM note, status. */
const BENCH_MACRO: MacroAction[] = [
  { type: 'setPriority', priority: 'high' },
  { type: 'addTags', tags: ['refund', 'bench'] },
  { type: 'addNote', text: 'Refund sent (bench macro)' },
  { type: 'setStatus', status: 'pending' },
];

export interface MacroPathOptions {
  orm: MikroORM;
  queueId: string;
  sink: SmtpSink;
  n: number;
  workers: number;
  workerEnv: WorkerEnv;
  startWorker(env: WorkerEnv & Record<string, string>): Promise<Child>;
  stopWorker(child: Child): Promise<void>;
}

/**
 * The outbox path with a 4-action macro on each send: N queued emails, each in its own ticket,
 * delivered by worker processes that then apply the macro to a real tickets service and CRM
 * (service tokens from a real identity), in this process as the plain path's app is. Timed from
 * the rows' insert until the last step is recorded; the tickets are made before the clock starts.
 * Returns msgs/s (all steps recorded) and the rate at which the sink had the messages; throws
 * unless every step is done.
 */
export async function runMacroPath(options: MacroPathOptions): Promise<{ rate: number; deliveredRate: number }> {
  const services = await startMacroServices();
  const ticketsDb = await createTestDatabase('sb_bench_tickets');
  const tickets = await buildTicketsApp({ databaseUrl: ticketsDb.url, logger: false, getKey: services.keys.getKey, poolSize: 10 });
  const workers: Child[] = [];
  try {
    await tickets.listen({ port: 0, host: '127.0.0.1' });
    const made = await createMacroTickets({ tickets, crm: services.crm, keys: services.keys }, options.queueId, options.n);
    const env = { ...options.workerEnv, ...services.workerEnv(urlOf(tickets)) };
    for (let i = 0; i < options.workers; i++) workers.push(await options.startWorker(env));
    const before = options.sink.accepted.length;
    const started = performance.now();
    await insertQueuedMacroSends(options.orm, options.queueId, made.tickets, () => BENCH_MACRO);
    await options.sink.waitForAccepted(before + options.n, 30 * 60_000);
    const deliveredRate = options.n / ((performance.now() - started) / 1000);
    await eventually(async () => (await pendingMacroSteps(options.orm)) === 0, 'every macro step to be recorded', 30 * 60_000);
    const rate = options.n / ((performance.now() - started) / 1000);
    const states = await macroStepStates(options.orm);
    if (states.done !== 4 * options.n) throw new Error(`macro steps ended ${JSON.stringify(states)}, not all ${4 * options.n} done`);
    return { rate, deliveredRate };
  } finally {
    for (const child of workers) await options.stopWorker(child);
    await tickets.close();
    await ticketsDb.drop();
    await services.close();
  }
}
