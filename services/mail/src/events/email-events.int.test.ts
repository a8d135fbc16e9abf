import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { EmailActivityEventSchema } from '@switchboard/contracts';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { createSendStore } from '../delivery/send-store';
import { insertQueue, insertQueuedEmails, openMailOrm } from '../delivery/testing/seed';
import { recordEmailReceived } from './email-events';

// Mail's producers: the statement that records a send records email.sent; a stored inbound email
// records email.received. Payloads must fit the contract CRM validates them with.

const fitsContract = TypeCompiler.Compile(EmailActivityEventSchema);

let db: TestDatabase;
let orm: MikroORM;
let queueId: string;

const outbox = () =>
  orm.em
    .fork()
    .execute<{ type: string; aggregate: string; aggregate_id: string; version: string | null; payload: Record<string, unknown> }[]>(
      'select type, aggregate, aggregate_id, version, payload from mail.event_outbox order by seq',
    );

beforeAll(async () => {
  db = await createTestDatabase('sb_mail_events');
  orm = await openMailOrm(db.url);
  queueId = await insertQueue(orm);
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

beforeEach(async () => {
  await orm.em.fork().execute('delete from mail.event_outbox');
});

describe('mail records its emails as events', () => {
  it('marking an email sent records email.sent in the same statement, with the payload CRM expects', async () => {
    const [email] = await insertQueuedEmails(orm, [{ queueId, subject: 'Vaše objednávka', to: [{ address: 'jana.novakova@customer.example', name: 'Jana' }] }]);
    const ticketId = randomUUID();
    await orm.em.fork().execute('update mail.email set ticket_id = ? where id = ?', [ticketId, email!.id]);
    await createSendStore(orm).markSent(email!.id, '250 OK');

    const [event, ...more] = await outbox();
    expect(more).toEqual([]);
    expect(event).toMatchObject({ type: 'email.sent', aggregate: 'email', aggregate_id: email!.id, version: null });
    expect(event!.payload).toEqual({
      emailId: email!.id,
      ticketId,
      contactId: null,
      from: 'support@switchboard.test',
      to: ['jana.novakova@customer.example'],
      subject: 'Vaše objednávka',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      direction: 'out',
    });
    expect(fitsContract.Check(event!.payload)).toBe(true);
  });

  it('records email.received for a stored inbound email, and nothing for an outbound one', async () => {
    const inbound = randomUUID();
    const contactId = randomUUID();
    await orm.em.fork().transactional(async (em) => {
      await em.execute(
        `insert into mail.email (id, owner_id, direction, status, contact_id, "from", "to", subject)
         values (?, ?, 'inbound', 'received', ?, ?::jsonb, ?::jsonb, 'Dotaz')`,
        [inbound, randomUUID(), contactId, JSON.stringify({ address: 'jana.novakova@customer.example' }), JSON.stringify([{ address: 'support@switchboard.test' }])],
      );
      await recordEmailReceived(em, inbound);
    });
    const [outbound] = await insertQueuedEmails(orm, [{ queueId }]);
    await orm.em.fork().transactional((em) => recordEmailReceived(em, outbound!.id));

    const events = await outbox();
    expect(events.map((e) => [e.type, e.aggregate_id])).toEqual([['email.received', inbound]]);
    expect(events[0]!.payload).toMatchObject({ emailId: inbound, contactId, from: 'jana.novakova@customer.example', to: ['support@switchboard.test'], direction: 'in' });
    expect(fitsContract.Check(events[0]!.payload)).toBe(true);
  });
});
