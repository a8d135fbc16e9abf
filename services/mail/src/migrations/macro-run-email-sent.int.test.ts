import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '@switchboard/service-kit';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { createSendStore } from '../delivery/send-store';
import { insertQueue, insertQueuedEmails } from '../delivery/testing/seed';
import { mailEntities } from '../entities';
import { CLAIMABLE, createMacroStepStore, pendingSteps } from '../macros/macro-store';
import { planOnceIndexServes } from '../testing/index-plan';
import { mailMigrations } from './index';

// Migration 0018: a macro run may be taken once its email is sent. The migration marks the runs
// of emails sent before it; from then on the statement that records a send marks its run, and
// the runners' sweep reads the sent runs alone from their partial index.

let db: TestDatabase;
let orm: MikroORM | undefined;

const openMail = (migrations = mailMigrations) => openOrm({ databaseUrl: db.url, schema: 'mail', entities: mailEntities, migrations, poolSize: 2 });

beforeAll(async () => {
  db = await createTestDatabase('sb_mail_mig18');
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

it("marks the runs of sent emails; runners take those alone, and a queued send's run once the send is recorded, reading the sweep from its index", async () => {
  const before = mailMigrations.findIndex((migration) => migration.name === '0018-macro-run-email-sent');
  orm = await openMail(mailMigrations.slice(0, before));
  const queueId = await insertQueue(orm);
  const [sent, queued] = await insertQueuedEmails(orm, [{ queueId }, { queueId }]);
  const em = orm.em.fork();
  await em.execute(`update "mail"."email" set status = 'sent', sent_at = now() where id = ?`, [sent!.id]);
  for (const email of [sent!, queued!]) {
    await em.execute(`insert into "mail"."macro_run" (email_id, macro_id, name, steps) values (?, gen_random_uuid(), 'Close', ?::jsonb)`, [
      email.id,
      JSON.stringify(pendingSteps([{ type: 'setStatus', status: 'closed' }])),
    ]);
  }
  await orm.close();

  orm = await openMail();
  const marks = await orm.em.fork().execute<{ email_id: string; email_sent: boolean }[]>('select email_id, email_sent from "mail"."macro_run"');
  expect(Object.fromEntries(marks.map((row) => [row.email_id, row.email_sent]))).toEqual({ [sent!.id]: true, [queued!.id]: false });

  // The sweep and a claim by key take the sent email's run; the queued one's waits for its send.
  const store = createMacroStepStore(orm);
  expect((await store.claim(randomUUID(), 10, 60_000, [queued!.id])).map((run) => run.emailId)).toEqual([]);
  expect((await store.claim(randomUUID(), 10, 60_000, null)).map((run) => run.emailId)).toEqual([sent!.id]);
  await createSendStore(orm).markSent(queued!.id, '250 OK');
  expect((await store.claim(randomUUID(), 10, 60_000, [queued!.id])).map((run) => [run.emailId, run.steps.map((step) => step.action)])).toEqual([
    [queued!.id, [{ type: 'setStatus', status: 'closed' }]],
  ]);

  // The sweep reads the new index (planned anew until it may: see planOnceIndexServes).
  const plan = await planOnceIndexServes(orm, `select r.email_id from "mail"."macro_run" r where ${CLAIMABLE}`, 'macro_run_claimable_email_id_index');
  expect(plan).toContain('macro_run_claimable_email_id_index');
});
