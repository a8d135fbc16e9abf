import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../orm';
import { createTestDatabase, type TestDatabase } from '../testing';
import { numberedParameters, queryPrepared, transactionPrepared } from './prepared';

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

it('runs a statement with a null name unnamed: nothing is kept in the session, so each call is planned anew', async () => {
  const before = await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from pg_prepared_statements');
  expect(await queryPrepared(orm.em.fork(), null, 'select $1::int + 1 as next', [1])).toEqual([{ next: 2 }]);
  expect(await queryPrepared(orm.em.fork(), null, 'select $1::int + 1 as next', [2])).toEqual([{ next: 3 }]);
  const after = await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from pg_prepared_statements');
  expect(after[0]!.n).toBe(before[0]!.n);
});

it('passes any other error on', async () => {
  await expect(queryPrepared(orm.em.fork(), 'kit.broken', 'select * from no_such_table where id = $1', [1])).rejects.toMatchObject({ code: '42P01' });
});

describe('transactionPrepared', () => {
  beforeAll(async () => {
    await orm.em.fork().execute('create table kit_prepared.counter (id int primary key, n int not null)');
    await orm.em.fork().execute('insert into kit_prepared.counter values (1, 0)');
  });

  const counter = async () => (await orm.em.fork().execute<{ n: number }[]>('select n from kit_prepared.counter where id = 1'))[0]!.n;
  const bump = 'update kit_prepared.counter set n = n + $1 where id = 1 returning n';

  it('commits the statements of its work, named and prepared once', async () => {
    const answered = await transactionPrepared(orm.em.fork(), async (query) => {
      await query('kit.bump', bump, [1]);
      return query<{ n: number }>('kit.bump', bump, [2]);
    });
    expect(answered).toEqual([{ n: 3 }]);
    expect(await counter()).toBe(3);
    const [{ n }] = await orm.em.fork().execute<{ n: string }[]>("select count(*) as n from pg_prepared_statements where name = 'kit.bump'");
    expect(Number(n)).toBe(1);
  });

  it('runs a statement with a null name unnamed, in the same transaction', async () => {
    const before = await counter();
    await transactionPrepared(orm.em.fork(), async (query) => {
      await query(null, bump, [4]);
      await query('kit.bump', bump, [1]);
    });
    expect(await counter()).toBe(before + 5);
    const [{ n }] = await orm.em.fork().execute<{ n: string }[]>("select count(*) as n from pg_prepared_statements where statement like 'update kit_prepared.counter%'");
    expect(Number(n)).toBe(1);
  });

  it('rolls back when its work throws, and passes the error on', async () => {
    const before = await counter();
    await expect(
      transactionPrepared(orm.em.fork(), async (query) => {
        await query('kit.bump', bump, [10]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await counter()).toBe(before);
  });

  it('runs its work again unnamed when the session has a name already, as an embedded database shared by several connections does', async () => {
    await orm.em.fork().execute('prepare "kit.bump-taken" (int) as select $1');
    const before = await counter();
    let runs = 0;
    await transactionPrepared(orm.em.fork(), async (query) => {
      runs++;
      await query('kit.bump-once', bump, [1]);
      await query('kit.bump-taken', bump, [1]);
    });
    expect(runs).toBe(2);
    // The first run's bump was rolled back with it.
    expect(await counter()).toBe(before + 2);
  });
});

it('numbers `?` placeholders', () => {
  expect(numberedParameters('select ? where a = any(?::uuid[]) and b = ?')).toBe('select $1 where a = any($2::uuid[]) and b = $3');
});
