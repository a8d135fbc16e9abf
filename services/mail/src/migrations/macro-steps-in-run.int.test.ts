import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '@switchboard/service-kit';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { insertQueue, insertQueuedEmails } from '../delivery/testing/seed';
import { mailEntities } from '../entities';
import { RUNNABLE, type StoredStep } from '../macros/macro-store';
import { planOnceIndexServes } from '../testing/index-plan';
import { mailMigrations } from './index';

// Migration 0017 moves each run's step rows into its `steps` array as they were, and the sweep's
// statement reads the runs a runner may take from the new partial index.

let db: TestDatabase;
let orm: MikroORM | undefined;

const openMail = (migrations = mailMigrations) => openOrm({ databaseUrl: db.url, schema: 'mail', entities: mailEntities, migrations, poolSize: 2 });

beforeAll(async () => {
  db = await createTestDatabase('sb_mail_mig');
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

it('moves every step into its run, states, reasons and finishing order kept, and the sweep reads the runnable runs from their index', async () => {
  const before = mailMigrations.findIndex((migration) => migration.name === '0017-macro-steps-in-run');
  orm = await openMail(mailMigrations.slice(0, before));
  const queueId = await insertQueue(orm);
  const [half, fresh] = await insertQueuedEmails(orm, [{ queueId }, { queueId }]);
  const em = orm.em.fork();
  for (const email of [half!, fresh!]) {
    await em.execute(`insert into "mail"."macro_run" (email_id, macro_id, name) values (?, gen_random_uuid(), 'Close')`, [email.id]);
  }
  await em.execute(
    `insert into "mail"."macro_step" (email_id, "index", action, state, reason, finished_at, finish_seq) values
      (?, 0, '{"type": "setStatus", "status": "closed"}', 'done', null, '2030-01-02T03:04:05.678Z', 7),
      (?, 1, '{"type": "addNote", "text": "Hi"}', 'failed', 'POST /activities/batch answered 422', '2030-01-02T03:04:06Z', 8),
      (?, 2, '{"type": "addTags", "tags": ["vip"]}', 'pending', null, null, null),
      (?, 0, '{"type": "addTags", "tags": ["x"]}', 'pending', null, null, null)`,
    [half!.id, half!.id, half!.id, fresh!.id],
  );
  await orm.close();

  // Up to this migration: later ones change which index the runners read (0018).
  orm = await openMail(mailMigrations.slice(0, before + 1));
  const runs = await orm.em.fork().execute<{ email_id: string; steps: StoredStep[] }[]>('select email_id, steps from "mail"."macro_run"');
  const stepsOf = new Map(runs.map((run) => [run.email_id, run.steps]));
  expect(stepsOf.get(half!.id)!.map((step) => ({ ...step, finishedAt: step.finishedAt && new Date(step.finishedAt).toISOString() }))).toEqual([
    { action: { type: 'setStatus', status: 'closed' }, state: 'done', reason: null, finishedAt: '2030-01-02T03:04:05.678Z', finishSeq: 7 },
    { action: { type: 'addNote', text: 'Hi' }, state: 'failed', reason: 'POST /activities/batch answered 422', finishedAt: '2030-01-02T03:04:06.000Z', finishSeq: 8 },
    { action: { type: 'addTags', tags: ['vip'] }, state: 'pending', reason: null, finishedAt: null, finishSeq: null },
  ]);
  expect(stepsOf.get(fresh!.id)).toEqual([{ action: { type: 'addTags', tags: ['x'] }, state: 'pending', reason: null, finishedAt: null, finishSeq: null }]);
  const [gone] = await orm.em.fork().execute<{ steps: string | null }[]>(`select to_regclass('"mail"."macro_step"') as steps`);
  expect(gone!.steps).toBeNull();

  const sweep = `select r.email_id from "mail"."macro_run" r where ${RUNNABLE}`;
  const runnable = await orm.em.fork().execute<{ email_id: string }[]>(sweep);
  expect(runnable.map((row) => row.email_id)).toEqual([fresh!.id]);

  // The migration's update left HOT chains: see planOnceIndexServes.
  const plan = await planOnceIndexServes(orm, sweep, 'macro_run_runnable_email_id_index');
  expect(plan).toContain('macro_run_runnable_email_id_index');
});
