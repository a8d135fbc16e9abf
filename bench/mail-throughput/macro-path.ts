import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { MacroAction } from '@switchboard/contracts';
import { Client } from 'pg';
import { createTestDatabase } from '@switchboard/service-kit/testing';
import { buildApp as buildTicketsApp } from '../../services/tickets/src/app';
import { freePort, type Child, type WorkerEnv } from '../../services/mail/src/delivery/testing/processes';
import { eventually } from '../../services/mail/src/delivery/testing/seed';
import { createMacroTickets, insertQueuedMacroSends, macroStepStates, pendingMacroSteps } from '../../services/mail/src/testing/macro-sends';
import { startMacroServices } from '../../services/mail/src/testing/macro-services';
import type { SmtpSink } from '../../infra/src/mail-sink/smtp-sink';
import { REPO_ROOT } from '../../infra/src/paths';
import { spawnService, type ServiceProcess } from '../../infra/src/service-process';
import { cpuMeter, type CpuSpent } from '../shared/cpu';

/** The 4-action macro of every send (E13): priority, tags, a CRM note, status. */
const BENCH_MACRO: MacroAction[] = [
  { type: 'setPriority', priority: 'high' },
  { type: 'addTags', tags: ['refund', 'bench'] },
  { type: 'addNote', text: 'Refund sent (bench macro)' },
  { type: 'setStatus', status: 'pending' },
];

export interface MacroPathOptions {
  orm: MikroORM;
  /** The mail database's name (its backends' CPU is measured). */
  mailDatabase: string;
  queueId: string;
  sink: SmtpSink;
  n: number;
  workers: number;
  workerEnv: WorkerEnv;
  startWorker(env: WorkerEnv & Record<string, string>): Promise<Child>;
  stopWorker(child: Child): Promise<void>;
  /** Relays the new outbox rows now, as the plain run does, rather than at the next poll. */
  kickRelay(): void;
}

/**
 * Runs a service's build (`services/<name>/dist/server.js`) in a process of its own on
 * `databaseUrl`, taking identity's tokens, without service events; resolves once it is ready.
 */
async function startServiceProcess(name: string, databaseUrl: string, identityJwksUrl: string): Promise<ServiceProcess> {
  const service = spawnService({
    name,
    script: path.join(REPO_ROOT, 'services', name, 'dist', 'server.js'),
    port: await freePort(),
    env: { DATABASE_URL: databaseUrl, IDENTITY_JWKS_URL: identityJwksUrl, DB_POOL_SIZE: '10', LOG_LEVEL: 'warn', REDIS_URL: '' },
  });
  try {
    await service.waitReady(120_000);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

/**
 * The outbox path with a 4-action macro on each send: N queued emails, each in its own ticket,
 * delivered by worker processes that then apply the macro to a real tickets service and CRM
 * (service tokens from a real identity). Tickets and CRM each run in a process of their own, so
 * that they do not take the CPU of this process's SMTP sink (which both paths share). Timed from
 * the rows' insert until the last step is recorded; the tickets are made before the clock starts,
 * in this process, with test tokens the service processes would refuse.
 * Returns msgs/s (all steps recorded), the rate at which the sink had the messages, the CPU the
 * worker, the services and their databases spent meanwhile, and the number of batches; throws
 * unless every step is done. CPU covers the first worker only.
 */
export const databaseOf = (url: string) => new URL(url).pathname.slice(1);

/** What the macro run measured: msgs/s, CPU-seconds spent, and how many batches the runs went in. */
export interface MacroPathResult {
  /** All steps recorded. */
  rate: number;
  /** The sink had the messages. */
  deliveredRate: number;
  /** The worker, tickets and CRM processes; the mail, tickets and CRM databases' backends. */
  cpu: CpuSpent;
  /** Tickets transactions that applied the runs' first steps: one per batch. */
  batches: number;
}

/** Batches the runs went in: the runner sends a batch's first ticket steps in one call, which tickets commits in one transaction. */
async function countBatches(ticketsUrl: string): Promise<number> {
  const client = new Client({ connectionString: ticketsUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`select count(distinct xmin::text) as n from tickets.applied_change where key like '%:0'`);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

export async function runMacroPath(options: MacroPathOptions): Promise<MacroPathResult> {
  const services = await startMacroServices();
  const ticketsDb = await createTestDatabase('sb_bench_tickets');
  const workers: Child[] = [];
  const processes: ServiceProcess[] = [];
  try {
    const tickets = await buildTicketsApp({ databaseUrl: ticketsDb.url, logger: false, getKey: services.keys.getKey, poolSize: 10 });
    const made = await createMacroTickets({ tickets, crm: services.crm, keys: services.keys }, options.queueId, options.n).finally(() => tickets.close());
    processes.push(await startServiceProcess('tickets', ticketsDb.url, services.identityJwksUrl));
    processes.push(await startServiceProcess('crm', services.crmDatabaseUrl, services.identityJwksUrl));
    const [ticketsUrl, crmUrl] = processes.map((service) => service.url!);
    const env = { ...options.workerEnv, ...services.workerEnv(ticketsUrl!), CRM_URL: crmUrl! };
    for (let i = 0; i < options.workers; i++) workers.push(await options.startWorker(env));
    const meter = await cpuMeter(
      options.orm,
      [options.mailDatabase, databaseOf(ticketsDb.url), databaseOf(services.crmDatabaseUrl)],
      { worker: workers[0]!.process.pid!, tickets: processes[0]!.pid!, crm: processes[1]!.pid! },
    );
    const before = options.sink.accepted.length;
    const started = performance.now();
    await insertQueuedMacroSends(options.orm, options.queueId, made.tickets, () => BENCH_MACRO);
    options.kickRelay();
    await options.sink.waitForAccepted(before + options.n, 30 * 60_000);
    const deliveredRate = options.n / ((performance.now() - started) / 1000);
    await eventually(async () => (await pendingMacroSteps(options.orm)) === 0, 'every macro step to be recorded', 30 * 60_000);
    const rate = options.n / ((performance.now() - started) / 1000);
    const cpu = await meter.stop();
    const states = await macroStepStates(options.orm);
    if (states.done !== 4 * options.n) throw new Error(`macro steps ended ${JSON.stringify(states)}, not all ${4 * options.n} done`);
    const batches = await countBatches(ticketsDb.url);
    return { rate, deliveredRate, cpu, batches };
  } finally {
    for (const child of workers) await options.stopWorker(child);
    for (const service of processes) await service.stop();
    await ticketsDb.drop();
    await services.close();
  }
}
