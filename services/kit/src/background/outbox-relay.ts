import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createPeriodicTask } from './periodic-task';

/** A row of an outbox table, as `select *` reads it. */
export type OutboxRow = Record<string, unknown>;

/**
 * The outbox table a relay reads: any table with a key, an order and a relayed-at column,
 * written by the service in the same transaction as the change it announces. Names and the
 * condition are SQL, written into the queries as given.
 */
export interface OutboxTable {
  /** Schema-qualified name, e.g. `"mail"."outbox"`. */
  name: string;
  /** Primary key column; it orders the sweep's pages. */
  key: string;
  /** Column claims are taken in the order of (default `created_at`). */
  orderBy?: string;
  /** Nullable timestamp column set once a row is published (default `relayed_at`). */
  relayedAt?: string;
  /**
   * Condition over a relayed row (aliased `o`, no parameters) that holds while its publication
   * must still exist, e.g. while the email it sends is unsent. Such rows are swept for losses;
   * without the condition there is no sweep.
   */
  stillDue?: string;
  /** Condition over a pending row (no alias, no parameters) that holds once it may be published, e.g. `release_at <= now()`; default: always. */
  ready?: string;
}

/** Where relayed rows go, e.g. a BullMQ queue. */
export interface OutboxDestination<Row extends OutboxRow = OutboxRow> {
  /** Publishes rows, idempotently by key (a row may be published twice); resolves with how many were new. */
  publish(rows: Row[]): Promise<number>;
  /** Of these relayed, still due rows, the ones the destination no longer holds live (lost, or finished early). */
  lost(rows: Row[]): Promise<Row[]>;
  /** How many publications it holds live; lets a sweep skip the per-row check when nothing can be lost. */
  liveCount?(): Promise<number>;
}

/** Reports a pass that keeps failing (the destination is down) once, and its recovery. */
export interface OutageReport {
  failed(error: unknown): void;
  recovered(): void;
}

export interface OutboxRelayOptions<Row extends OutboxRow = OutboxRow> {
  orm: MikroORM;
  table: OutboxTable;
  destination: OutboxDestination<Row>;
  /** Where passes are logged. */
  log: { debug(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Reports failing passes instead of logging each at error. */
  outage?: OutageReport;
  /** Called after a sweep that re-published lost rows (default: a warning). */
  onRepublished?(count: number): void;
  /** How often pending rows are looked for without a kick, in ms (default 1000). */
  pollIntervalMs?: number;
  /** How often relayed rows are swept for losses, in ms (default 5000). */
  sweepIntervalMs?: number;
  /** Rows claimed per transaction and read per sweep page (default 200). */
  batchSize?: number;
}

/** Moves outbox rows to their destination, and repairs lost publications. */
export interface OutboxRelay {
  /** Starts polling and sweeping; both run at once. Never throws when the destination is down. */
  start(): void;
  /** Relays now (a route calls this after its commit); kicks coalesce. */
  kick(): void;
  /** Stops polling and sweeping and waits for a running pass. */
  stop(): Promise<void>;
  /** Relays every pending row; resolves with how many. For tests and benches. */
  relayPending(signal?: AbortSignal): Promise<number>;
  /** One sweep; resolves with how many rows were re-published. */
  sweep(signal?: AbortSignal): Promise<number>;
}

/** A sweep checks every due row on this sweep at least, even when the live count looks right. */
const FULL_SWEEP_EVERY = 12;

/**
 * Creates a transactional outbox relay. Rows are claimed with `FOR UPDATE SKIP LOCKED`,
 * published and marked relayed in one transaction, so several relays (every replica) share the
 * work and a crash before the mark only publishes a row twice, which the destination absorbs.
 * Every database access runs in an explicit transaction (embedded PostgreSQL serializes them).
 */
export function createOutboxRelay<Row extends OutboxRow>(options: OutboxRelayOptions<Row>): OutboxRelay {
  const { orm, destination, log } = options;
  const batchSize = options.batchSize ?? 200;
  const { name, key, stillDue, ready } = options.table;
  const orderBy = options.table.orderBy ?? 'created_at';
  const relayedAt = options.table.relayedAt ?? 'relayed_at';
  const placeholders = (values: unknown[]) => values.map(() => '?').join(', ');
  const keysOf = (rows: Row[]) => rows.map((row) => row[key]);
  const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => orm.em.fork().transactional(work);

  /** Relays one batch; the row locks are held until the rows are marked. */
  const relayBatch = () =>
    inTransaction(async (em) => {
      const rows = await em.execute<Row[]>(
        `select * from ${name} where ${relayedAt} is null${ready ? ` and (${ready})` : ''} order by ${orderBy} limit ? for update skip locked`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await destination.publish(rows);
      const keys = keysOf(rows);
      await em.execute(`update ${name} set ${relayedAt} = now() where ${key} in (${placeholders(keys)})`, keys);
      return rows.length;
    });

  const relayPending = async (signal?: AbortSignal) => {
    let total = 0;
    for (;;) {
      const relayed = await relayBatch();
      total += relayed;
      if (relayed < batchSize || signal?.aborted) return total;
    }
  };

  const due = `o.${relayedAt} is not null and (${stillDue})`;

  /** Relayed rows still due: one page after `after` in key order, or those among `keys`. */
  const dueRows = (page: { after?: unknown } | { keys: unknown[] }) =>
    inTransaction((em) => {
      if ('keys' in page) return em.execute<Row[]>(`select o.* from ${name} o where ${due} and o.${key} in (${placeholders(page.keys)})`, page.keys);
      const after = page.after === undefined ? [] : [page.after];
      const from = after.length > 0 ? `and o.${key} > ?` : '';
      return em.execute<Row[]>(`select o.* from ${name} o where ${due} ${from} order by o.${key} limit ?`, [...after, batchSize]);
    });

  const countDue = () =>
    inTransaction(async (em) => {
      const [row] = await em.execute<{ n: string }[]>(`select count(*) as n from ${name} o where ${due}`);
      return Number(row?.n ?? 0);
    });

  let sweepsSinceFull = 0;

  /**
   * Re-publishes relayed rows still due whose publication the destination lost. Cheap when
   * nothing is lost: when the destination holds as many live publications as there are due
   * rows, the per-row check is skipped (except every 12th sweep). Lost rows are read again
   * before they are re-published: one that stopped being due meanwhile is left alone.
   */
  const sweep = async (signal?: AbortSignal) => {
    if (!stillDue) return 0;
    if (destination.liveCount && ++sweepsSinceFull < FULL_SWEEP_EVERY && (await destination.liveCount()) >= (await countDue())) return 0;
    sweepsSinceFull = 0;
    let republished = 0;
    let after: unknown;
    for (;;) {
      const rows = await dueRows({ after });
      const lost = rows.length > 0 ? await destination.lost(rows) : [];
      const stillLost = lost.length > 0 ? await dueRows({ keys: keysOf(lost) }) : [];
      if (stillLost.length > 0) republished += await destination.publish(stillLost);
      if (rows.length < batchSize || signal?.aborted) break;
      after = rows[rows.length - 1]![key];
    }
    if (republished > 0) {
      if (options.onRepublished) options.onRepublished(republished);
      else log.warn({ republished }, 'outbox sweep re-published rows the destination lost');
    }
    return republished;
  };

  const { outage } = options;
  /** A loop over `pass`; failures go to the outage report when there is one. */
  const loop = (name: string, intervalMs: number, pass: (signal: AbortSignal) => Promise<unknown>) =>
    createPeriodicTask({
      name,
      intervalMs,
      log,
      onError: outage && ((error) => outage.failed(error)),
      step: async (signal) => {
        await pass(signal);
        outage?.recovered();
      },
    });
  const relayTask = loop('outbox relay', options.pollIntervalMs ?? 1000, async (signal) => {
    const relayed = await relayPending(signal);
    if (relayed > 0) log.debug({ relayed }, 'outbox relayed');
  });
  const sweepTask = loop('outbox sweep', options.sweepIntervalMs ?? 5000, sweep);

  return {
    start() {
      relayTask.start();
      if (stillDue) sweepTask.start();
    },
    kick: () => relayTask.kick(),
    async stop() {
      await Promise.all([relayTask.stop(), sweepTask.stop()]);
    },
    relayPending,
    sweep,
  };
}
