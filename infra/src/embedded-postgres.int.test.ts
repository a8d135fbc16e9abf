import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

// PGlite dynamic-imports Node built-ins: jest needs NODE_OPTIONS=--experimental-vm-modules
// (npm test sets it). First open of a new data dir takes a few seconds (initdb).
jest.setTimeout(60_000);

let dataDir: string;
const running: EmbeddedPostgres[] = [];
const clients: Client[] = [];

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

// One data dir for the file: only the first start pays for initdb.
beforeAll(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), 'sb-pglite-')), 'identity');
});

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.end()));
  await Promise.allSettled(running.splice(0).map((db) => db.stop()));
});

afterAll(async () => {
  await rm(join(dataDir, '..'), { recursive: true, force: true });
});

async function start(): Promise<EmbeddedPostgres> {
  const db = await startEmbeddedPostgres({ dataDir });
  running.push(db);
  return db;
}

describe('embedded PostgreSQL', () => {
  it('keeps committed data across stop and restart on the same data dir, on a new port', async () => {
    const first = await start();
    expect(first.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const writer = await connect(first.url);
    await writer.query('create schema identity');
    await writer.query('create table identity.note (id serial primary key, text text not null)');
    await writer.query('insert into identity.note (text) values ($1), ($2)', ['kept', 'also kept']);
    await writer.end();
    clients.length = 0;
    await first.stop();
    await first.stop();

    const second = await start();
    const reader = await connect(second.url);
    const { rows } = await reader.query('select text from identity.note order by id');
    expect(rows.map((r) => r.text)).toEqual(['kept', 'also kept']);
    expect((await reader.query('select version()')).rows[0].version).toMatch(/^PostgreSQL 18/);
  });

  it('never crosses the results of two clients running parameterized queries at once', async () => {
    const db = await start();
    const a = await connect(db.url);
    const b = await connect(db.url);
    // Different statements per client (the unnamed statement belongs to the one backend). A's
    // large parameter reaches the server in several TCP reads, so a server that ran messages as
    // they arrived would slip B's Parse between A's Parse and Bind.
    const big = 'x'.repeat(300_000);
    const runA = async (i: number) =>
      (await a.query('select $1::text as marker_a, length($2::text) as size', [`a-${i}`, big])).rows;
    const runB = async (i: number) => (await b.query('select $1::int as marker_b', [i])).rows;
    const failB = () => b.query('select $1::int as broken', ['not a number']).then(() => 'ran', () => 'failed');
    const count = 60;
    const [rowsA, rowsB, failures] = await Promise.all([
      Promise.all(Array.from({ length: count }, (_, i) => runA(i))),
      Promise.all(Array.from({ length: count * 2 }, (_, i) => runB(i))),
      Promise.all(Array.from({ length: 10 }, failB)),
    ]);
    expect(rowsA).toEqual(Array.from({ length: count }, (_, i) => [{ marker_a: `a-${i}`, size: big.length }]));
    expect(rowsB).toEqual(Array.from({ length: count * 2 }, (_, i) => [{ marker_b: i }]));
    expect(failures).toEqual(Array(10).fill('failed'));
  });

  it("makes another client's statements wait for an open transaction, which it then sees committed", async () => {
    const db = await start();
    const a = await connect(db.url);
    const b = await connect(db.url);
    await a.query('create table account (id int primary key, balance int not null)');
    await a.query('insert into account values (1, 100)');

    await a.query('begin');
    await a.query('update account set balance = balance - 30 where id = 1');
    let bDone = false;
    const bUpdate = b.query('update account set balance = balance * 2 where id = 1 returning balance').then((r) => {
      bDone = true;
      return r.rows[0].balance as number;
    });
    // A goes on inside its transaction while B waits, as B would on A's row lock.
    for (let i = 0; i < 20; i += 1) await a.query('select balance from account where id = $1', [1]);
    expect((await a.query('select balance from account where id = 1')).rows[0].balance).toBe(70);
    expect(bDone).toBe(false);
    await a.query('commit');
    expect(await bUpdate).toBe(140);

    await a.query('begin');
    await a.query('update account set balance = 0 where id = 1');
    const bRead = b.query('select balance from account where id = 1');
    await a.query('rollback');
    expect((await bRead).rows[0].balance).toBe(140);
  });

  it('rolls back and releases the database when a client process is killed mid-transaction', async () => {
    const db = await start();
    const b = await connect(db.url);
    await b.query('create table killed (v text)');
    const script = `
      const { Client } = require(${JSON.stringify(require.resolve('pg'))});
      const c = new Client({ connectionString: process.env.URL });
      c.connect()
        .then(() => c.query('begin'))
        .then(() => c.query("insert into killed values ('from the killed client')"))
        .then(() => process.stdout.write('in transaction'));
      setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, URL: db.url }, stdio: ['ignore', 'pipe', 'inherit'] });
    // Exits early (and fails the test) if the script itself fails.
    await Promise.race([once(child.stdout!, 'data'), once(child, 'exit').then(() => Promise.reject(new Error('child exited')))]);
    const waiting = b.query('select count(*)::int as n from killed');
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect((await waiting).rows[0].n).toBe(0);
    await b.query("insert into killed values ('b')");
    expect((await b.query('select count(*)::int as n from killed')).rows[0].n).toBe(1);
  });

  it("keeps one client's open transaction invisible to another and rolls it back on disconnect", async () => {
    const db = await start();
    const a = await connect(db.url);
    const b = await connect(db.url);
    await a.query('create table t (v text)');

    await a.query('begin');
    await a.query("insert into t values ('uncommitted')");
    // One transaction at a time: b's query waits for a's commit.
    const seenByB = b.query('select count(*)::int as n from t');
    await a.query('commit');
    expect((await seenByB).rows[0].n).toBe(1);

    await a.query('begin');
    await a.query("insert into t values ('lost')");
    await a.end();
    clients.splice(clients.indexOf(a), 1);
    expect((await b.query('select count(*)::int as n from t')).rows[0].n).toBe(1);
  });

  it('creates the unaccent and pg_trgm extensions the CRM searches with', async () => {
    const client = await connect((await start()).url);
    await client.query('create schema if not exists crm');
    await client.query('create extension if not exists unaccent with schema crm');
    await client.query('create extension if not exists pg_trgm with schema crm');
    const { rows } = await client.query(`select crm.unaccent('Nováková') as plain, crm.similarity('novakova', 'novakov') > 0.5 as close`);
    expect(rows[0]).toEqual({ plain: 'Novakova', close: true });
  });
});
