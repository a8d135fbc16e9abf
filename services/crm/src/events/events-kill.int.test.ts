import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createServiceEventRelay, eventOutboxTableSql, openOrm, recordServiceEvent, type ServiceEventRelay } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, dropTestEvents, TEST_REDIS_URL, testEventsPrefix, type TestDatabase } from '@switchboard/service-kit/testing';
import { Client } from 'pg';
import { serveJwks, serviceUnderTest, type ServiceUnderTest } from './testing/service-processes';

// The real crm and tickets servers in child processes, talking through events in Redis. During
// 1,000 contact renames through crm's HTTP API the consumer (tickets) and the relay (crm) are
// killed with SIGKILL and started again; then a burst of mail's email.sent events, during which
// crm, their consumer, is killed. Afterwards every copy is the final name and nothing applied twice.

const PREFIX = testEventsPrefix('kill');
const CONTACTS = 20;
const RENAMES_EACH = 50;
const TICKETS_EACH = 3;
const EMAILS = 300;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

class MailEventOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "mail"');
    for (const sql of eventOutboxTableSql('mail')) this.addSql(sql);
  }
}

let dbs: TestDatabase[] = [];
let crmSql: Client;
let ticketsSql: Client;
let mailOrm: MikroORM;
let mailRelay: ServiceEventRelay;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let crm: ServiceUnderTest;
let tickets: ServiceUnderTest;
let headers: Record<string, string>;

const count = async (client: Client, sql: string, params: unknown[] = []) => Number((await client.query<{ n: string }>(sql, params)).rows[0]!.n);

/** Polls until `done` holds, at most `seconds`; names what it waited for when it never does. */
async function until(what: string, done: () => Promise<boolean>, seconds = 40): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}\n--- crm:\n${crm.output()}\n--- tickets:\n${tickets.output()}`);
    await sleep(25);
  }
}

const crmUp = () => fetch(`${crm.url}/ready`).then((r) => r.ok, () => false);

interface Contact {
  id: string;
  version: number;
}

/** Renames through the API; when crm dies mid-request, waits for it and reads whether the rename committed. */
async function rename(contact: Contact, name: string): Promise<void> {
  for (;;) {
    const answer = await fetch(`${crm.url}/contacts/${contact.id}`, { method: 'PATCH', headers, body: JSON.stringify({ version: contact.version, name }) }).then(
      async (r) => (r.ok ? ((await r.json()) as Contact) : null),
      () => null,
    );
    if (answer) {
      contact.version = answer.version;
      return;
    }
    await until('crm to answer again', crmUp);
    const current = (await (await fetch(`${crm.url}/contacts/${contact.id}`, { headers })).json()) as Contact & { name: string };
    contact.version = current.version;
    if (current.name === name) return;
  }
}

beforeAll(async () => {
  dbs = await Promise.all(['sb_crm_kill', 'sb_tickets_kill', 'sb_mail_kill'].map((name) => createTestDatabase(name)));
  const [crmDb, ticketsDb, mailDb] = dbs as [TestDatabase, TestDatabase, TestDatabase];
  const keys = await createTestKeys();
  jwks = await serveJwks(keys.jwks);
  headers = { authorization: `Bearer ${await keys.sign({ aud: 'crm', role: 'admin', teams: [randomUUID()] }, { expiresIn: '10m' })}`, 'content-type': 'application/json' };
  const env = { REDIS_URL: TEST_REDIS_URL, EVENTS_PREFIX: PREFIX, EVENTS_LOCK_DURATION_MS: '1000', IDENTITY_JWKS_URL: jwks.url, DB_POOL_SIZE: '4' };
  tickets = await serviceUnderTest('tickets', { ...env, DATABASE_URL: ticketsDb.url });
  crm = await serviceUnderTest('crm', { ...env, DATABASE_URL: crmDb.url });
  // Both are ready (tickets subscribed) before the first rename: a consumer receives the events published after it subscribed.
  await Promise.all([tickets.start(), crm.start()]);
  crmSql = new Client({ connectionString: crmDb.url });
  ticketsSql = new Client({ connectionString: ticketsDb.url });
  await Promise.all([crmSql.connect(), ticketsSql.connect()]);
  mailOrm = await openOrm({ databaseUrl: mailDb.url, schema: 'mail', entities: [], migrations: [{ name: 'MailEventOutbox', class: MailEventOutbox }] });
  mailRelay = createServiceEventRelay({ orm: mailOrm, schema: 'mail', connection: TEST_REDIS_URL, prefix: PREFIX, log: silent, pollIntervalMs: 50 });
}, 60_000);

afterAll(async () => {
  await mailRelay?.stop();
  await Promise.all([crm?.stop(), tickets?.stop()]);
  await Promise.all([crmSql?.end(), ticketsSql?.end(), mailOrm?.close(), jwks?.close()]);
  await dropTestEvents(PREFIX, ['tickets', 'crm']);
  await Promise.all(dbs.map((db) => db.drop()));
});

it('kill -9 of the relay and of the consumer during 1,000 renames and a burst of sent emails: every copy final, nothing applied twice', async () => {
  const started = Date.now();
  const contacts: Contact[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    const response = await fetch(`${crm.url}/contacts`, { method: 'POST', headers, body: JSON.stringify({ name: `Contact ${i}`, emails: [{ address: `contact${i}@kill.example` }] }) });
    expect(response.status).toBe(201);
    contacts.push((await response.json()) as Contact);
  }
  for (const contact of contacts) {
    for (let t = 0; t < TICKETS_EACH; t++) {
      await ticketsSql.query('insert into tickets.ticket (id, title, contact_id, contact_name) values ($1, $2, $3, $4)', [randomUUID(), `Ticket ${t}`, contact.id, 'Before']);
    }
  }

  // 20 clients, each renaming its contact 50 times; kills at 300 and 600 renames done.
  let done = 0;
  const kills: Promise<void>[] = [];
  const restarts: string[] = [];
  const restart = async (service: ServiceUnderTest, name: string) => {
    const killedAt = Date.now();
    await service.kill();
    await service.start();
    restarts.push(`${name} back in ${Date.now() - killedAt} ms`);
  };
  const clients = contacts.map(async (contact, i) => {
    for (let k = 1; k <= RENAMES_EACH; k++) {
      await rename(contact, `Contact ${i} v${k}`);
      done++;
      if (done === 300) kills.push(restart(tickets, 'tickets'));
      if (done === 600) kills.push(restart(crm, 'crm'));
    }
  });
  await Promise.all(clients);
  await Promise.all(kills);
  const renamed = Date.now();

  const finalNames = async () =>
    (await count(ticketsSql, `select count(*) as n from tickets.ticket where contact_name ~ ' v${RENAMES_EACH}$'`)) === CONTACTS * TICKETS_EACH;
  const recorded = () => count(crmSql, `select count(*) as n from crm.event_outbox where type = 'contact.changed'`);
  const processed = () => count(ticketsSql, `select count(*) as n from tickets.processed_event where type = 'contact.changed'`);
  await until('every ticket copy to show the final name and every event to be processed', async () => (await finalNames()) && (await processed()) === (await recorded()));
  const converged = Date.now();
  const rows = (await ticketsSql.query<{ contact_id: string; contact_name: string }>('select contact_id, contact_name from tickets.ticket')).rows;
  for (const row of rows) expect(row.contact_name).toBe(`Contact ${contacts.findIndex((c) => c.id === row.contact_id)} v${RENAMES_EACH}`);
  const outcomes = Object.fromEntries(
    (await ticketsSql.query<{ outcome: string; n: string }>('select outcome, count(*) as n from tickets.processed_event group by outcome')).rows.map((r) => [r.outcome, Number(r.n)]),
  );
  expect(outcomes.rejected).toBeUndefined();
  expect((outcomes.applied ?? 0) + (outcomes.stale ?? 0)).toBe(await recorded());

  // A burst of email.sent: a third name the contact, a third only its address, a third nobody.
  const emailIds: string[] = [];
  for (let batch = 0; batch < EMAILS / 100; batch++) {
    await mailOrm.em.fork().transactional(async (em) => {
      for (let n = 0; n < 100; n++) {
        const i = batch * 100 + n;
        const emailId = randomUUID();
        emailIds.push(emailId);
        const contact = contacts[i % CONTACTS]!;
        const to = i % 3 === 2 ? `nobody${i}@kill.example` : `contact${i % CONTACTS}@kill.example`;
        await recordServiceEvent(em, 'mail', {
          type: 'email.sent',
          aggregate: 'email',
          aggregateId: emailId,
          version: null,
          payload: { emailId, ticketId: null, contactId: i % 3 === 0 ? contact.id : null, from: 'support@switchboard.example', to: [to], subject: `Email ${i}`, at: new Date().toISOString(), direction: 'out' },
        });
      }
    });
  }
  const emailsProcessed = () => count(crmSql, `select count(*) as n from crm.processed_event where type = 'email.sent'`);
  mailRelay.start();
  await until('crm to apply some emails', async () => (await emailsProcessed()) >= 60);
  await restart(crm, 'crm (email burst)');
  // A relay that died before marking its rows publishes them again.
  await mailRelay.relayPending();
  await mailOrm.em.fork().execute('update mail.event_outbox set relayed_at = null');
  await mailRelay.relayPending();
  await until('crm to apply every email', async () => (await emailsProcessed()) === EMAILS);
  const activities = (
    await crmSql.query<{ n: string; keys: string }>(`select count(*) as n, count(distinct external_key) as keys from crm.activity where external_key like 'email:%:out'`)
  ).rows[0]!;
  expect({ activities: Number(activities.n), distinct: Number(activities.keys) }).toEqual({ activities: (EMAILS * 2) / 3, distinct: (EMAILS * 2) / 3 });

  process.stdout.write(
    `events kill test: ${done} renames (${await recorded()} contact.changed events; ${outcomes.applied} applied, ${outcomes.stale ?? 0} stale), ` +
      `tickets and crm each SIGKILLed once mid-stream (${restarts.join(', ')}); renames took ${renamed - started} ms, copies final ${converged - renamed} ms after the last rename; ` +
      `${EMAILS} email.sent with crm SIGKILLed mid-burst and all republished once: ${activities.n} activities, none twice\n`,
  );
}, 120_000);
