import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../orm';
import { createTestDatabase, type TestDatabase } from '../testing';
import { queryPrepared } from './prepared';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('sb_kit_prepared');
  // One connection, so that every call below meets the same session.
  orm = await openOrm({ databaseUrl: db.url, schema: 'kit_prepared', entities: [], migrations: [], poolSize: 1 });
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

it('prepares a statement once and runs it with new values', async () => {
  const sql = 'select $1::int * 2 as doubled';
  expect(await queryPrepared(orm.em.fork(), 'kit.double', sql, [2])).toEqual([{ doubled: 4 }]);
  expect(await queryPrepared(orm.em.fork(), 'kit.double', sql, [21])).toEqual([{ doubled: 42 }]);
  const [{ n }] = await orm.em.fork().execute<{ n: string }[]>("select count(*) as n from pg_prepared_statements where name = 'kit.double'");
  expect(Number(n)).toBe(1);
});

it('runs the statement unnamed when the session has the name already, as an embedded database shared by several connections does', async () => {
  // The session holds the name, but the pg client does not know it: it will try to prepare it.
  await orm.em.fork().execute('prepare "kit.triple" (int) as select $1 * 3 as tripled');
  expect(await queryPrepared(orm.em.fork(), 'kit.triple', 'select $1::int * 3 as tripled', [5])).toEqual([{ tripled: 15 }]);
});

it('passes any other error on', async () => {
  await expect(queryPrepared(orm.em.fork(), 'kit.broken', 'select * from no_such_table where id = $1', [1])).rejects.toMatchObject({ code: '42P01' });
});
