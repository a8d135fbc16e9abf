import { setTimeout as sleep } from 'node:timers/promises';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from './orm';
import { createTestDatabase, type TestDatabase } from './testing';

class CreateJournal extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "kit_migrate"."journal" (applied_at timestamptz not null default now())');
  }
}

/** Slow enough that replicas starting together would all run it without a lock. */
class FillJournal extends Migration {
  override async up(): Promise<void> {
    await sleep(200);
    this.addSql('insert into "kit_migrate"."journal" default values');
  }
}

let db: TestDatabase;
const opened: MikroORM[] = [];

beforeAll(async () => {
  db = await createTestDatabase('sb_kit_migrate');
});

afterAll(async () => {
  await Promise.all(opened.map((orm) => orm.close()));
  await db?.drop();
});

it('lets replicas starting at once on an empty database migrate one after another, each migration once', async () => {
  const open = () =>
    openOrm({
      databaseUrl: db.url,
      schema: 'kit_migrate',
      entities: [],
      migrations: [
        { name: 'CreateJournal', class: CreateJournal },
        { name: 'FillJournal', class: FillJournal },
      ],
      poolSize: 1,
    });
  opened.push(...(await Promise.all([open(), open(), open()])));
  const em = opened[0]!.em.fork();
  expect(await em.execute('select count(*)::int as n from "kit_migrate"."journal"')).toEqual([{ n: 1 }]);
  expect(await em.execute('select name from "kit_migrate"."mikro_orm_migrations" order by id')).toEqual([{ name: 'CreateJournal' }, { name: 'FillJournal' }]);
});

class CreateSharedExtension extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "${this.config.get('schema')}"`);
    this.addSql(`create extension if not exists unaccent with schema "${this.config.get('schema')}"`);
  }
}

it('lets services of one database create the same extension at once', async () => {
  const fresh = await createTestDatabase('sb_kit_extensions');
  try {
    const services = ['kit_ext_a', 'kit_ext_b', 'kit_ext_c', 'kit_ext_d'].map((schema) =>
      openOrm({ databaseUrl: fresh.url, schema, entities: [], migrations: [{ name: 'CreateSharedExtension', class: CreateSharedExtension }], poolSize: 1 }),
    );
    const orms = await Promise.all(services);
    const [{ n }] = await orms[0]!.em.fork().execute<{ n: number }[]>("select count(*)::int as n from pg_extension where extname = 'unaccent'");
    expect(n).toBe(1);
    await Promise.all(orms.map((orm) => orm.close()));
  } finally {
    await fresh.drop();
  }
});
