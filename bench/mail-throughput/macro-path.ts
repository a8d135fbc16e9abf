import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { MacroAction } from '@switchboard/contracts';
import { Client } from 'pg';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase } from '@switchboard/service-kit/testing';
import { buildApp as buildTicketsApp } from '../../services/tickets/src/app';
import { freePort, type Child, type WorkerEnv } from '../../services/mail/src/delivery/testing/processes';
import { eventually, statusCounts } from '../../services/mail/src/delivery/testing/seed';
import { createMacroTickets, insertQueuedMacroSends, macroStepStates, runnableMacroRuns } from '../../services/mail/src/testing/macro-sends';
import { startMacroServices } from '../../services/mail/src/testing/macro-services';
import type { SmtpSink } from '../../infra/src/mail-sink/smtp-sink';
import { REPO_ROOT } from '../../infra/src/paths';
import { spawnService, type ServiceProcess } from '../../infra/src/service-process';
import { cpuMeter, type CpuSpent } from '../shared/cpu';
import { BENCH_HTML } from './fixtures';
import { median } from '../shared/median';
import { settleDatabases } from '../shared/settle';

/** The 4-action macro of every send (E13): priority, tags, a CRM note, status. */
const BENCH_MACRO: MacroAction[] = [
  { type: 'setPriority', priority: 'high' },
  { type: 'addTags', tags: ['refund', 'bench'] },
  { type: 'addNote', text: 'Refund sent (bench macro)' },
  { type: 'setStatus', status: 'pending' },
];

export interface MacroPathOptions {
  orm: MikroORM;
  /** The mail database's URL (its backends' CPU is measured, and it is settled before each run). */
  mailDatabaseUrl: string;
  queueId: string;
  sink: SmtpSink;
  n: number;
  /** Rounds of the pair (plain, with macro); each round alternates which goes first. */
  rounds: number;
  workers: number;
  workerEnv: WorkerEnv;
  startWorker(env: WorkerEnv & Record<string, string>): Promise<Child>;
  stopWorker(child: Child): Promise<void>;
  /** Relays the new outbox rows now, as the plain run does, rather than at the next poll. */
  kickRelay(): void;
  /** Prints a line of progress. */
  print(line: string): void;
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

/** Sends with the macro before the rounds, unmeasured. */
const WARM_UP_SENDS = 100;

export const databaseOf = (url: string) => new URL(url).pathname.slice(1);

/** One round: the same kind of sends, each in its own ticket, without and with the macro. */
export interface MacroRound {
  /** Sends without a macro: msgs/s until the sink had them all. */
  plainRate: number;
  /** Sends with the macro: msgs/s until every step was recorded. */
  macroRate: number;
  /** Sends with the macro: msgs/s until the sink had them all. */
  macroDeliveredRate: number;
}

/** What the comparison measured. */
export interface MacroComparison {
  rounds: MacroRound[];
  /** Median over the rounds of macroRate / plainRate. */
  medianRatio: number;
  /** CPU-seconds per round, averaged over the rounds: the worker, tickets and CRM processes; the mail, tickets and CRM databases' backends. */
  cpu: { plain: CpuSpent; macro: CpuSpent };
  /** Runs per batch, one entry per batch, over all runs with the macro (the warm-up's included). */
  batchSizes: number[];
  /** Sends with the macro, over all runs (the warm-up's included). */
  macroSends: number;
}

/**
 * How many runs each batch held: the runner sends a batch's first ticket steps in one call, which
 * tickets commits in one transaction, so the first steps' keys of one batch share one xmin.
 */
async function batchSizes(ticketsUrl: string): Promise<number[]> {
  const client = new Client({ connectionString: ticketsUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from tickets.applied_change where key like '%:0' group by xmin::text`);
    return rows.map((row) => Number(row.n));
  } finally {
    await client.end();
  }
}

/** The mean of several runs' CPU-seconds, part by part. */
function meanSpent(runs: CpuSpent[]): CpuSpent {
  const mean = (of: (run: CpuSpent) => number) => runs.reduce((sum, run) => sum + of(run), 0) / runs.length;
  const keys = (of: (run: CpuSpent) => Record<string, number>) => Object.keys(of(runs[0]!));
  return {
    machine: mean((run) => run.machine),
    stolen: mean((run) => run.stolen),
    self: mean((run) => run.self),
    mainThread: mean((run) => run.mainThread),
    processes: Object.fromEntries(keys((run) => run.processes).map((name) => [name, mean((run) => run.processes[name] ?? 0)])),
    databases: Object.fromEntries(keys((run) => run.databases).map((name) => [name, mean((run) => run.databases[name] ?? 0)])),
  };
}

/**
 * What a 4-action macro costs a send (E13): in each round, N queued emails each in its own ticket,
 * with the body every bench email carries, are delivered by fresh worker processes once without a macro and once with one, which the
 * worker then applies to a real tickets service and CRM (service tokens from a real identity).
 * Tickets and CRM each run in a process of their own in both runs, so that they do not take the
 * CPU of this process's SMTP sink (which both share). The tickets are made before each clock
 * starts, in this process, with test tokens the service processes would refuse. A warm-up run
 * with the macro comes first, unmeasured. A plain run is
 * timed from the rows' insert until the sink had every message; a macro run until every step is
 * recorded. Throws unless every step is done. CPU covers the first worker only.
 */
export async function compareMacroPath(options: MacroPathOptions): Promise<MacroComparison> {
  const services = await startMacroServices();
  const ticketsDb = await createTestDatabase('sb_bench_tickets');
  const processes: ServiceProcess[] = [];
  let creator: ServiceApp | undefined;
  try {
    creator = await buildTicketsApp({ databaseUrl: ticketsDb.url, logger: false, getKey: services.keys.getKey, poolSize: 4 });
    processes.push(await startServiceProcess('tickets', ticketsDb.url, services.identityJwksUrl));
    processes.push(await startServiceProcess('crm', services.crmDatabaseUrl, services.identityJwksUrl));
    const [ticketsUrl, crmUrl] = processes.map((service) => service.url!);
    const env = { ...options.workerEnv, ...services.workerEnv(ticketsUrl!), CRM_URL: crmUrl! };
    const databases = [databaseOf(options.mailDatabaseUrl), databaseOf(ticketsDb.url), databaseOf(services.crmDatabaseUrl)];

    /** One run of `n` sends, with or without the macro, by fresh workers: its rates and CPU. */
    const run = async (withMacro: boolean, n = options.n) => {
      const made = await createMacroTickets({ tickets: creator!, crm: services.crm, keys: services.keys }, options.queueId, n);
      await settleDatabases([options.mailDatabaseUrl, ticketsDb.url, services.crmDatabaseUrl]);
      const workers: Child[] = [];
      try {
        for (let i = 0; i < options.workers; i++) workers.push(await options.startWorker(env));
        const meter = await cpuMeter(options.orm, databases, { worker: workers[0]!.process.pid!, tickets: processes[0]!.pid!, crm: processes[1]!.pid! });
        const before = options.sink.accepted.length;
        const sentBefore = (await statusCounts(options.orm)).sent ?? 0;
        const started = performance.now();
        await insertQueuedMacroSends(options.orm, options.queueId, made.tickets, () => (withMacro ? BENCH_MACRO : null), BENCH_HTML);
        options.kickRelay();
        await options.sink.waitForAccepted(before + n, 30 * 60_000);
        const deliveredRate = n / ((performance.now() - started) / 1000);
        if (withMacro) await eventually(async () => (await runnableMacroRuns(options.orm)) === 0, 'every macro step to be recorded', 30 * 60_000);
        const rate = n / ((performance.now() - started) / 1000);
        const cpu = await meter.stop();
        await eventually(async () => (await statusCounts(options.orm)).sent === sentBefore + n, 'every email to be recorded as sent', 60_000);
        return { rate, deliveredRate, cpu };
      } finally {
        for (const child of workers) await options.stopWorker(child);
      }
    };

    // The services' first calls compile their routes' serializers and plan their statements: a
    // warm-up run pays for that before any clock starts, as a service running for a while has.
    await run(true, WARM_UP_SENDS);
    const rounds: MacroRound[] = [];
    const spent = { plain: [] as CpuSpent[], macro: [] as CpuSpent[] };
    for (let round = 0; round < options.rounds; round++) {
      // Alternate which run goes first, so that neither always meets a warmer machine.
      const order = round % 2 === 0 ? [false, true] : [true, false];
      const results = new Map<boolean, Awaited<ReturnType<typeof run>>>();
      for (const withMacro of order) results.set(withMacro, await run(withMacro));
      const plain = results.get(false)!;
      const macro = results.get(true)!;
      spent.plain.push(plain.cpu);
      spent.macro.push(macro.cpu);
      rounds.push({ plainRate: plain.deliveredRate, macroRate: macro.rate, macroDeliveredRate: macro.deliveredRate });
      options.print(
        `round ${round + 1}: plain ${plain.deliveredRate.toFixed(0)} msgs/s; with macro delivered ${macro.deliveredRate.toFixed(0)}, ` +
          `applied ${macro.rate.toFixed(0)} msgs/s; ratio ${((macro.rate / plain.deliveredRate) * 100).toFixed(1)}%; ` +
          `stolen by the host: plain ${plain.cpu.stolen.toFixed(1)} s, with macro ${macro.cpu.stolen.toFixed(1)} s`,
      );
    }
    const states = await macroStepStates(options.orm);
    const steps = 4 * (options.n * options.rounds + WARM_UP_SENDS);
    if (states.done !== steps) throw new Error(`macro steps ended ${JSON.stringify(states)}, not all ${steps} done`);
    return {
      rounds,
      medianRatio: median(rounds.map((round) => round.macroRate / round.plainRate)),
      cpu: { plain: meanSpent(spent.plain), macro: meanSpent(spent.macro) },
      batchSizes: await batchSizes(ticketsDb.url),
      macroSends: steps / 4,
    };
  } finally {
    await creator?.close();
    for (const service of processes) await service.stop();
    await ticketsDb.drop();
    await services.close();
  }
}
