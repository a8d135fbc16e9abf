import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../orm';
import { createTestDatabase, type TestDatabase } from '../testing';
import { createOutboxRelay, type OutboxDestination, type OutboxRelayOptions, type OutboxTable } from './outbox-relay';

// The relay over a table of its own (not mail's): rows announce "jobs", a memory destination
// keeps them, and `done` says a job no longer needs its publication.

class CreateOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "kit_outbox"."outbox" (
      id uuid primary key, created_at timestamptz not null default clock_timestamp(),
      relayed_at timestamptz, done boolean not null default false)`);
  }
}

const TABLE: OutboxTable = { name: '"kit_outbox"."outbox"', key: 'id', stillDue: 'not o.done' };

interface JobRow extends Record<string, unknown> {
  id: string;
}

/** A destination in memory: what it holds live, how often each key was published, and an on/off switch. */
function memoryDestination() {
  const live = new Set<string>();
  const published = new Map<string, number>();
  const state = { down: false, liveCountOverride: undefined as number | undefined };
  const destination: OutboxDestination<JobRow> = {
    async publish(rows) {
      if (state.down) throw new Error('destination down');
      let added = 0;
      for (const { id } of rows) {
        published.set(id, (published.get(id) ?? 0) + 1);
        if (!live.has(id)) added++;
        live.add(id);
      }
      return added;
    },
    lost: async (rows) => rows.filter((row) => !live.has(row.id)),
    liveCount: async () => state.liveCountOverride ?? live.size,
  };
  return { live, published, state, destination };
}

const silent = { debug() {}, warn() {}, error() {} };

let db: TestDatabase;
let orm: MikroORM;

async function insertRows(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await orm.em.fork().execute(`insert into "kit_outbox"."outbox" (id) values ${ids.map(() => '(?)').join(', ')}`, ids);
  return ids;
}

const pending = async () =>
  Number((await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from "kit_outbox"."outbox" where relayed_at is null'))[0]!.n);

/** Polls until `done` holds, for at most two seconds. */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200 && !(await done()); tries++) await sleep(10);
  expect(await done()).toBe(true);
}

const relayOver = (destination: OutboxDestination<JobRow>, options: Partial<OutboxRelayOptions<JobRow>> = {}) =>
  createOutboxRelay<JobRow>({ orm, table: TABLE, destination, log: silent, pollIntervalMs: 60_000, sweepIntervalMs: 60_000, ...options });

beforeAll(async () => {
  db = await createTestDatabase('sb_kit_outbox');
  orm = await openOrm({ databaseUrl: db.url, schema: 'kit_outbox', entities: [], migrations: [{ name: 'CreateOutbox', class: CreateOutbox }] });
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

beforeEach(async () => {
  await orm.em.fork().execute('delete from "kit_outbox"."outbox"');
});

describe('the outbox relay', () => {
  it('publishes every pending row once and marks it relayed', async () => {
    const { published, destination } = memoryDestination();
    const relay = relayOver(destination, { batchSize: 7 });
    const ids = await insertRows(20);
    expect(await relay.relayPending()).toBe(20);
    expect(await relay.relayPending()).toBe(0);
    expect([...published.keys()].sort()).toEqual([...ids].sort());
    expect([...published.values()].every((n) => n === 1)).toBe(true);
    expect(await pending()).toBe(0);
    await relay.stop();
  });

  it('lets several relays share the table: every row is published exactly once', async () => {
    const { published, destination } = memoryDestination();
    const relays = [1, 2, 3].map(() => relayOver(destination, { batchSize: 50 }));
    const ids = await insertRows(450);
    const counts = await Promise.all(relays.map((relay) => relay.relayPending()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ids.length);
    expect(published.size).toBe(ids.length);
    expect([...published.values()].every((n) => n === 1)).toBe(true);
    await Promise.all(relays.map((relay) => relay.stop()));
  });

  it('relays at start, on each poll, and at once when kicked', async () => {
    const { published, destination } = memoryDestination();
    await insertRows(3);
    const polling = relayOver(destination, { pollIntervalMs: 20 });
    polling.start();
    await until(() => published.size === 3);
    await insertRows(2);
    await until(() => published.size === 5);
    await polling.stop();

    const kicked = relayOver(destination);
    kicked.start();
    await until(async () => (await pending()) === 0);
    await insertRows(1);
    kicked.kick();
    await until(() => published.size === 6);
    await kicked.stop();
  });

  it('re-publishes due rows the destination lost, and leaves rows no longer due alone', async () => {
    const { live, published, destination } = memoryDestination();
    const relay = relayOver(destination, { batchSize: 2 });
    const [lost, finished, kept] = await insertRows(3);
    await relay.relayPending();
    live.delete(lost!);
    live.delete(finished!);
    await orm.em.fork().execute('update "kit_outbox"."outbox" set done = true where id = ?', [finished]);

    expect(await relay.sweep()).toBe(1);
    expect(live.has(lost!)).toBe(true);
    expect(live.has(finished!)).toBe(false);
    expect(published.get(lost!)).toBe(2);
    expect(published.get(kept!)).toBe(1);
    expect(await relay.sweep()).toBe(0);
    await relay.stop();
  });

  it('skips the per-row check while the live count covers the due rows, except every 12th sweep', async () => {
    const { live, state, destination } = memoryDestination();
    const relay = relayOver(destination);
    const [lost] = await insertRows(2);
    await relay.relayPending();
    live.delete(lost!);
    state.liveCountOverride = 2;
    const sweeps: number[] = [];
    for (let i = 0; i < 12; i++) sweeps.push(await relay.sweep());
    expect(sweeps).toEqual([...Array(11).fill(0), 1]);
    await relay.stop();
  });

  it('reports a failing destination once per outage and relays when it is back', async () => {
    const { published, state, destination } = memoryDestination();
    const events: string[] = [];
    const outage = { failed: () => void events.push('failed'), recovered: () => void events.push('recovered') };
    const relay = relayOver(destination, { pollIntervalMs: 10, outage });
    state.down = true;
    await insertRows(4);
    relay.start();
    await until(() => events.filter((e) => e === 'failed').length >= 3);
    expect(await pending()).toBe(4);
    state.down = false;
    await until(() => published.size === 4);
    await relay.stop();
    expect(events).toContain('recovered');
    expect(await pending()).toBe(0);
  });

  it('waits for a running pass on stop', async () => {
    const { destination } = memoryDestination();
    let publishing = false;
    let ended = false;
    const slow: OutboxDestination<JobRow> = {
      ...destination,
      async publish(rows) {
        publishing = true;
        await sleep(100);
        ended = true;
        return destination.publish(rows);
      },
    };
    const relay = relayOver(slow);
    await insertRows(1);
    relay.start();
    await until(() => publishing);
    await relay.stop();
    expect(ended).toBe(true);
    expect(await pending()).toBe(0);
  });
});
