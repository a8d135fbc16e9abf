import { Migration } from '@mikro-orm/migrations';
import { createServiceApp, type ServiceApp } from './app';
import { createTestDatabase, type TestDatabase } from './testing';

/** An outbox as the kit's relays read them (`created_at`, `relayed_at`), and a table that is none. */
class CreateOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "kit_metrics"."event_outbox" (id serial primary key, created_at timestamptz not null default now(), relayed_at timestamptz null)');
    this.addSql('create table "kit_metrics"."notes" (id serial primary key, created_at timestamptz not null default now())');
  }
}

let db: TestDatabase;
let app: ServiceApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createServiceApp({
    name: 'metrics-db-test',
    logger: false,
    auth: { audience: 'tickets', getKey: async () => { throw new Error('no keys'); } },
    orm: { databaseUrl: db.url, schema: 'kit_metrics', entities: [], migrations: [{ name: 'CreateOutbox', class: CreateOutbox }], poolSize: 3 },
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await db.drop();
});

const scrape = async () => (await app.inject({ url: '/metrics' })).body;
/** The value of one sample line, e.g. `outbox_lag_seconds{table="event_outbox"}`. */
const sample = (text: string, series: string) => Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1]);

describe('/metrics with a database', () => {
  it('reports the connection pool: used, free, pending and its size', async () => {
    const text = await scrape();
    expect(sample(text, 'db_pool_connections{state="max"}')).toBe(3);
    expect(sample(text, 'db_pool_connections{state="used"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'db_pool_connections{state="pending"}')).toBe(0);
  });

  it('reports the outbox backlog and the age of its oldest unrelayed row, 0 when all are relayed', async () => {
    const execute = (sql: string) => app.orm.em.fork().getConnection().execute(sql);
    let text = await scrape();
    expect(sample(text, 'outbox_pending_rows{table="event_outbox"}')).toBe(0);
    expect(sample(text, 'outbox_lag_seconds{table="event_outbox"}')).toBe(0);
    expect(text).not.toContain('table="notes"');

    await execute(`insert into "kit_metrics"."event_outbox" (created_at) values (now() - interval '90 seconds'), (now())`);
    await execute(`insert into "kit_metrics"."event_outbox" (created_at, relayed_at) values (now() - interval '1 hour', now())`);
    text = await scrape();
    expect(sample(text, 'outbox_pending_rows{table="event_outbox"}')).toBe(2);
    const lag = sample(text, 'outbox_lag_seconds{table="event_outbox"}');
    expect(lag).toBeGreaterThanOrEqual(90);
    expect(lag).toBeLessThan(3600);

    await execute(`update "kit_metrics"."event_outbox" set relayed_at = now()`);
    text = await scrape();
    expect(sample(text, 'outbox_pending_rows{table="event_outbox"}')).toBe(0);
    expect(sample(text, 'outbox_lag_seconds{table="event_outbox"}')).toBe(0);
  });
});
