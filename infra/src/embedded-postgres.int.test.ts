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

  it("keeps one client's open transaction invisible to another and rolls it back on disconnect", async () => {
    const db = await start();
    const a = await connect(db.url);
    const b = await connect(db.url);
    await a.query('create table t (v text)');

    await a.query('begin');
    await a.query("insert into t values ('uncommitted')");
    // pglite-socket serves one transaction at a time: b's query waits for a's commit.
    const seenByB = b.query('select count(*)::int as n from t');
    await a.query('commit');
    expect((await seenByB).rows[0].n).toBe(1);

    await a.query('begin');
    await a.query("insert into t values ('lost')");
    await a.end();
    clients.splice(clients.indexOf(a), 1);
    expect((await b.query('select count(*)::int as n from t')).rows[0].n).toBe(1);
  });
});
