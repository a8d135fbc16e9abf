import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../orm';
import { createTestDatabase, type TestDatabase } from '../testing';
import { createServiceEventConsumer, type ServiceEventHandlers } from './event-consumer';
import { createServiceEventRelay } from './event-relay';
import { recordServiceEvent } from './record-event';
import { eventInboxTablesSql, eventOutboxTableSql } from './tables';
import { startPrivateRedis, testEventsPrefix, type PrivateRedis } from './testing';

// Redis killed with SIGKILL while events sit in a consumer's queue, and started again empty:
// the queued events and the subscriptions are gone. The relay sees the epoch key gone, waits for
// the consumer to subscribe again and replays; every event is applied, none twice.

const PREFIX = testEventsPrefix('loss');
const silent = { debug() {}, info() {}, warn() {}, error() {} };

class CreateTables extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "loss_producer"');
    for (const sql of eventOutboxTableSql('loss_producer')) this.addSql(sql);
    this.addSql('create schema if not exists "loss_consumer"');
    for (const sql of eventInboxTablesSql('loss_consumer')) this.addSql(sql);
    this.addSql('create table "loss_consumer"."applied" (contact_id uuid primary key, times int not null)');
  }
}

let db: TestDatabase;
let orm: MikroORM;
let redis: PrivateRedis;

beforeAll(async () => {
  db = await createTestDatabase('sb_kit_events_loss');
  orm = await openOrm({ databaseUrl: db.url, schema: 'loss_producer', entities: [], migrations: [{ name: 'CreateTables', class: CreateTables }] });
  redis = await startPrivateRedis();
});

afterAll(async () => {
  await redis?.kill();
  await orm?.close();
  await db?.drop();
});

const count = async (sql: string) => Number((await orm.em.fork().execute<{ n: string }[]>(sql))[0]!.n);

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 600 && !(await done()); tries++) await sleep(25);
  if (!(await done())) throw new Error(`Timed out waiting for ${what}`);
}

it('replays what a Redis restart without persistence lost; the consumer applies each event once', async () => {
  const common = { orm, connection: redis.url, prefix: PREFIX, log: silent };
  const relay = createServiceEventRelay({ ...common, schema: 'loss_producer', pollIntervalMs: 50, epochIntervalMs: 100, replayDelayMs: 600 });
  const handlers: ServiceEventHandlers = {
    'contact.changed': async (payload, em) => {
      await em.execute('insert into loss_consumer.applied (contact_id, times) values (?, 1) on conflict (contact_id) do update set times = applied.times + 1', [payload.id]);
    },
  };
  const consumerOptions = { ...common, schema: 'loss_consumer', consumer: 'loss_consumer', resubscribeIntervalMs: 100, handlers };
  // Subscribed once, then stopped: its events wait in its queue.
  const first = createServiceEventConsumer(consumerOptions);
  await first.start();
  await first.stop();
  relay.start();

  const total = 100;
  await orm.em.fork().transactional(async (em) => {
    for (let i = 0; i < total; i++) {
      const id = randomUUID();
      await recordServiceEvent(em, 'loss_producer', {
        type: 'contact.changed',
        aggregate: 'contact',
        aggregateId: id,
        version: 1,
        payload: { id, name: `Contact ${i}`, companyId: null, companyName: null, companyVersion: null, version: 1 },
      });
    }
  });
  await until('every event to be relayed', async () => (await count('select count(*) as n from loss_producer.event_outbox where relayed_at is null')) === 0);

  await redis.kill();
  await redis.start();
  const second = createServiceEventConsumer(consumerOptions);
  await second.start();
  try {
    await until('every event to be applied', async () => (await count('select count(*) as n from loss_consumer.applied')) === total);
    expect(await count('select count(*) as n from loss_consumer.applied where times > 1')).toBe(0);
    expect(await count('select count(*) as n from loss_consumer.processed_event')).toBe(total);
  } finally {
    await Promise.all([second.stop(), relay.stop()]);
  }
}, 30_000);
