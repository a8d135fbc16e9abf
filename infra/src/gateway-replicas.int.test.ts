import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildGateway } from './gateway';
import { startProbe, type Probe } from './testing/probe';

// Two real replicas of a service (kit-built processes) behind the gateway; one is SIGKILLed while
// requests run, and no request may fail.

const REQUESTS = 400;
const CONCURRENCY = 8;
const KILL_AT = 100;

let replicas: Probe[];
let gateway: FastifyInstance;
let base: string;
let shellDir: string;
const log: string[] = [];

beforeAll(async () => {
  replicas = await Promise.all([startProbe(), startProbe()]);
  shellDir = await mkdtemp(join(tmpdir(), 'sb-shell-'));
  await writeFile(join(shellDir, 'index.html'), '<!doctype html><title>shell</title>');
  // A short rest, so the dead replica is tried again (and refuses) many times in the run.
  gateway = await buildGateway({
    shellDir,
    widgetOrigin: 'http://127.0.0.1:65000',
    services: { probe: replicas.map((r) => r.url) },
    replicaRestMs: 50,
    log: (line) => log.push(line),
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  const address = gateway.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all((replicas ?? []).map((r) => r.stop()));
  if (shellDir) await rm(shellDir, { recursive: true, force: true });
});

const whoami = async () => ((await (await fetch(`${base}/api/probe/whoami`)).json()) as { pid: number }).pid;

it('asks the replicas in turn', async () => {
  const pids = [await whoami(), await whoami(), await whoami(), await whoami()];
  const [first, second] = replicas.map((r) => r.child.pid);
  expect([[first, second, first, second], [second, first, second, first]]).toContainEqual(pids);
});

it('fails no request while one replica is SIGKILLed: reads retried, posts refused before sending retried', async () => {
  const outcomes: { kind: string; status: number; ok: boolean }[] = [];
  let started = 0;
  const refusedByDead = () => log.some((line) => line.includes(replicas[1]!.url) && line.includes('ECONNREFUSED'));
  const one = async (n: number) => {
    // Posts start once the dead replica refused a connection. One in flight when a replica dies, or
    // sent on a connection the dead replica had open, may have been handled: no proxy may retry it.
    const post = refusedByDead() && n % 2 === 0;
    try {
      const res = post
        ? await fetch(`${base}/api/probe/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) })
        : await fetch(`${base}/api/probe/whoami`);
      const body = (await res.json()) as { pid?: number; body?: unknown };
      outcomes.push({ kind: post ? 'post' : 'get', status: res.status, ok: post ? JSON.stringify(body.body) === JSON.stringify({ n }) : typeof body.pid === 'number' });
    } catch {
      outcomes.push({ kind: post ? 'post' : 'get', status: 0, ok: false });
    }
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started < REQUESTS) {
        const n = (started += 1);
        if (n === KILL_AT) {
          replicas[1]!.child.kill('SIGKILL');
        }
        await one(n);
      }
    }),
  );
  expect(outcomes.filter((o) => o.status !== 200 || !o.ok)).toEqual([]);
  expect(outcomes).toHaveLength(REQUESTS);
  expect(outcomes.filter((o) => o.kind === 'post').length).toBeGreaterThan(100);
  // The dead replica refused connections again and again, and requests went to the live one.
  const refused = log.filter((line) => line.includes(replicas[1]!.url) && line.includes('ECONNREFUSED'));
  expect(refused.filter((line) => line.startsWith('[gateway] GET ') && line.endsWith('; retried on another')).length).toBeGreaterThan(0);
  expect(refused.filter((line) => line.startsWith('[gateway] POST /api/probe/echo') && line.endsWith('; retried on another')).length).toBeGreaterThan(0);
  expect(new Set(await Promise.all([whoami(), whoami(), whoami()]))).toEqual(new Set([replicas[0]!.child.pid]));
});
