import { setTimeout as sleep } from 'node:timers/promises';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from './orm';
import { withSeedLock } from './seed-lock';
import { createTestDatabase, type TestDatabase } from './testing';

class CreateSeeded extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "kit_seed"."seeded" (by text not null)');
  }
}

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('sb_kit_seed');
  orm = await openOrm({ databaseUrl: db.url, schema: 'kit_seed', entities: [], migrations: [{ name: 'CreateSeeded', class: CreateSeeded }] });
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

/** A seed that inserts its row unless one is there, slowly, as a replica's first start would. */
const seedIfEmpty = (by: string) => async (tx: EntityManager) => {
  const [{ n }] = await tx.execute<{ n: string }[]>('select count(*) as n from "kit_seed"."seeded"');
  if (Number(n) > 0) return null;
  await sleep(100);
  await tx.execute('insert into "kit_seed"."seeded" (by) values (?)', [by]);
  return by;
};

it('lets one of several replicas starting at once seed, and the others see its rows', async () => {
  const results = await Promise.all(['a', 'b', 'c'].map((by) => withSeedLock(orm.em.fork(), 0x6b697473, seedIfEmpty(by))));
  expect(results.filter((by) => by !== null)).toHaveLength(1);
  const rows = await orm.em.fork().execute<{ by: string }[]>('select by from "kit_seed"."seeded"');
  expect(rows.map((row) => row.by)).toEqual(results.filter((by) => by !== null));
});

it('releases the lock when a seed fails, rolling its rows back', async () => {
  await orm.em.fork().execute('delete from "kit_seed"."seeded"');
  const failing = withSeedLock(orm.em.fork(), 0x6b697473, async (tx) => {
    await tx.execute('insert into "kit_seed"."seeded" (by) values (?)', ['failed']);
    throw new Error('seed broke');
  });
  await expect(failing).rejects.toThrow('seed broke');
  expect(await withSeedLock(orm.em.fork(), 0x6b697473, seedIfEmpty('next'))).toBe('next');
});
