import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ContactChanged, ServiceEventEnvelope } from '@switchboard/contracts';
import { Redis } from 'ioredis';
import { openOrm } from '../orm';
import { createTestDatabase, type TestDatabase } from '../testing';
import { createServiceEventConsumer, type ServiceEventConsumer, type ServiceEventHandlers } from './event-consumer';
import { createServiceEventRelay, type ServiceEventRelay } from './event-relay';
import { recordServiceEvent } from './record-event';
import { subscribersKey } from './redis';
import { eventInboxTablesSql, eventOutboxTableSql } from './tables';
import { dropTestEvents, TEST_REDIS_URL as REDIS_URL, testEventsPrefix } from './testing';

// A producer schema and two consumer schemas in one database, over the machine's Redis with a
// prefix of this file's own.

const PREFIX = testEventsPrefix('events');
const silent = { debug() {}, info() {}, warn() {}, error() {} };

class CreateEventTables extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "kit_producer"');
    for (const sql of eventOutboxTableSql('kit_producer')) this.addSql(sql);
    for (const schema of ['kit_a', 'kit_b']) {
      this.addSql(`create schema if not exists "${schema}"`);
      for (const sql of eventInboxTablesSql(schema)) this.addSql(sql);
      this.addSql(`create table "${schema}"."copy" (id uuid primary key, name text not null, applied int not null default 1)`);
    }
    this.addSql('create table "kit_producer"."contact" (id uuid primary key, name text not null)');
  }
}

let db: TestDatabase;
let orm: MikroORM;
const running: { stop(): Promise<void> }[] = [];

/** A consumer keeping `<schema>.copy` of contacts' names; `applied` counts its effects. */
const copyHandlers = (schema: string): ServiceEventHandlers => ({
  'contact.changed': async (payload, em) => {
    await em.execute(
      `insert into "${schema}"."copy" (id, name) values (?, ?) on conflict (id) do update set name = excluded.name, applied = "copy".applied + 1`,
      [payload.id, payload.name],
    );
  },
});

const consumerOf = (schema: string): ServiceEventConsumer => {
  const consumer = createServiceEventConsumer({ orm, schema, consumer: schema, handlers: copyHandlers(schema), connection: REDIS_URL, prefix: PREFIX, log: silent });
  running.push(consumer);
  return consumer;
};

const relayOf = (): ServiceEventRelay => {
  const relay = createServiceEventRelay({ orm, schema: 'kit_producer', connection: REDIS_URL, prefix: PREFIX, log: silent, pollIntervalMs: 60_000 });
  running.push(relay);
  return relay;
};

/** Renames a contact and records its event in one transaction. */
async function rename(id: string, name: string, version: number, fail = false): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    await em.execute('insert into kit_producer.contact (id, name) values (?, ?) on conflict (id) do update set name = excluded.name', [id, name]);
    const payload: ContactChanged = { id, name, companyId: null, companyName: null, companyVersion: null, version };
    await recordServiceEvent(em, 'kit_producer', { type: 'contact.changed', aggregate: 'contact', aggregateId: id, version, payload });
    if (fail) throw new Error('rolled back');
  });
}

const copyIn = async (schema: string, id: string) =>
  (await orm.em.fork().execute<{ name: string; applied: number }[]>(`select name, applied from "${schema}"."copy" where id = ?`, [id]))[0];

/** Polls until `done` holds, for at most ten seconds. */
async function until(done: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 500 && !(await done()); tries++) await sleep(20);
  expect(await done()).toBe(true);
}

const envelope = (id: string, name: string, version: number, eventId = randomUUID()): ServiceEventEnvelope<'contact.changed'> => ({
  id: eventId,
  type: 'contact.changed',
  aggregate: 'contact',
  aggregateId: id,
  version,
  occurredAt: new Date().toISOString(),
  payload: { id, name, companyId: null, companyName: null, companyVersion: null, version },
});

beforeAll(async () => {
  db = await createTestDatabase('sb_kit_events');
  orm = await openOrm({ databaseUrl: db.url, schema: 'kit_producer', entities: [], migrations: [{ name: 'CreateEventTables', class: CreateEventTables }] });
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await dropTestEvents(PREFIX, ['kit_a', 'kit_b']);
  await orm?.close();
  await db?.drop();
});

describe('service events', () => {
  it('fan out: an event recorded with its change reaches every subscribed consumer; a rolled-back one never exists', async () => {
    const relay = relayOf();
    const [a, b] = [consumerOf('kit_a'), consumerOf('kit_b')];
    await Promise.all([a.start(), b.start()]);
    const [kept, dropped] = [randomUUID(), randomUUID()];
    await rename(kept, 'Jana Nováková', 1);
    await expect(rename(dropped, 'Never', 1, true)).rejects.toThrow('rolled back');
    expect(await relay.relayPending()).toBe(1);
    await until(async () => (await copyIn('kit_a', kept)) !== undefined && (await copyIn('kit_b', kept)) !== undefined);
    expect(await copyIn('kit_a', kept)).toEqual({ name: 'Jana Nováková', applied: 1 });
    expect(await copyIn('kit_b', kept)).toEqual({ name: 'Jana Nováková', applied: 1 });
    expect(await copyIn('kit_a', dropped)).toBeUndefined();
  });

  it('applies an event once however often it is published or delivered', async () => {
    const consumer = consumerOf('kit_a');
    const id = randomUUID();
    const event = envelope(id, 'Once', 1);
    expect(await Promise.all([consumer.consume(event), consumer.consume(event)])).toEqual(expect.arrayContaining(['applied', 'duplicate']));
    expect(await consumer.consume(event)).toBe('duplicate');
    expect(await copyIn('kit_a', id)).toEqual({ name: 'Once', applied: 1 });

    // A relay that dies before marking its rows publishes them again: still one effect.
    const relay = relayOf();
    await rename(id, 'Twice published', 2);
    await orm.em.fork().execute('update kit_producer.event_outbox set relayed_at = null');
    await relay.relayPending();
    await until(async () => (await copyIn('kit_b', id))?.name === 'Twice published');
    expect(await copyIn('kit_a', id)).toEqual({ name: 'Twice published', applied: 2 });
  });

  it('skips an event older than the one applied for its aggregate', async () => {
    const consumer = consumerOf('kit_a');
    const id = randomUUID();
    expect(await consumer.consume(envelope(id, 'Third', 3))).toBe('applied');
    expect(await consumer.consume(envelope(id, 'Second', 2))).toBe('stale');
    expect(await consumer.consume(envelope(id, 'Third again', 3))).toBe('stale');
    expect(await consumer.consume(envelope(id, 'Fourth', 4))).toBe('applied');
    expect(await copyIn('kit_a', id)).toEqual({ name: 'Fourth', applied: 2 });
    const stale = await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from kit_a.processed_event where outcome = 'stale'`);
    expect(Number(stale[0]!.n)).toBe(2);
  });

  it('rejects a payload that does not fit its schema, and an event it has no handler for, without an effect', async () => {
    const consumer = consumerOf('kit_a');
    const id = randomUUID();
    const bad = { ...envelope(id, 'x', 1), payload: { id, name: '' } } as unknown as ServiceEventEnvelope;
    expect(await consumer.consume(bad)).toBe('rejected');
    const unhandled = { ...envelope(id, 'x', 1), type: 'company.changed', payload: { id, name: 'Acme', version: 1 } } as ServiceEventEnvelope;
    expect(await consumer.consume(unhandled)).toBe('rejected');
    expect(await copyIn('kit_a', id)).toBeUndefined();
  });

  it('subscribes a consumer to the types it handles only', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      expect((await redis.smembers(subscribersKey(PREFIX, 'contact.changed'))).sort()).toEqual(['kit_a', 'kit_b']);
      expect(await redis.smembers(subscribersKey(PREFIX, 'email.sent'))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
