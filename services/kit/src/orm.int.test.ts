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
