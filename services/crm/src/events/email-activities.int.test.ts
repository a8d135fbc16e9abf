import { randomUUID } from 'node:crypto';
import type { EmailActivityEvent, ServiceEventEnvelope } from '@switchboard/contracts';
import { createServiceEventConsumer, type ServiceEventConsumer } from '@switchboard/service-kit';
import { TEST_REDIS_URL, testEventsPrefix } from '@switchboard/service-kit/testing';
import { createCrmTestContext, type CrmTestContext } from '../testing/crm-test-context';
import { emailActivityHandlers } from './email-activities';

// Mail's email.sent / email.received as CRM applies them (the delivery through Redis is the
// kit's, tested there and in the kill test).

let ctx: CrmTestContext;
let consumer: ServiceEventConsumer;
let jana: { id: string };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const emailEvent = (fields: Partial<EmailActivityEvent>, id = randomUUID()): ServiceEventEnvelope<'email.sent'> => {
  const payload: EmailActivityEvent = {
    emailId: randomUUID(),
    ticketId: null,
    contactId: null,
    from: 'support@switchboard.example',
    to: [],
    subject: 'Your order',
    at: '2026-12-01T10:00:00.000Z',
    direction: 'out',
    ...fields,
  };
  return { id, type: payload.direction === 'out' ? 'email.sent' : 'email.received', aggregate: 'email', aggregateId: payload.emailId, version: null, occurredAt: payload.at, payload } as ServiceEventEnvelope<'email.sent'>;
};

const activitiesOf = (contactId: string) =>
  ctx.app.orm.em
    .fork()
    .execute<{ title: string; direction: string; external_key: string; ticket_id: string | null; link: string }[]>(
      'select title, direction, external_key, ticket_id, link from crm.activity where contact_id = ? order by occurred_at, external_key',
      [contactId],
    );

beforeAll(async () => {
  ctx = await createCrmTestContext();
  const response = await ctx.inject({
    method: 'POST',
    url: '/contacts',
    headers: await ctx.auth({ role: 'admin' }),
    payload: { name: 'Jana Nováková', emails: [{ address: 'Jana.Novakova@Customer.example' }] },
  });
  jana = response.json();
  consumer = createServiceEventConsumer({
    orm: ctx.app.orm,
    schema: 'crm',
    consumer: 'crm-direct',
    handlers: emailActivityHandlers(silent),
    connection: TEST_REDIS_URL,
    prefix: testEventsPrefix('crm-activities'),
    log: silent,
  });
});

afterAll(async () => {
  await ctx?.close();
});

describe('emails become activities', () => {
  it('a sent email to the contact’s address becomes one outbound activity, however often it is delivered', async () => {
    const ticketId = randomUUID();
    const event = emailEvent({ to: [' jana.novakova@customer.EXAMPLE'], ticketId });
    expect(await consumer.consume(event)).toBe('applied');
    expect(await consumer.consume(event)).toBe('duplicate');
    // The same email announced twice (two event ids) still makes one activity: the external key.
    expect(await consumer.consume(emailEvent(event.payload))).toBe('applied');
    expect(await activitiesOf(jana.id)).toEqual([
      { title: 'Your order', direction: 'out', external_key: `email:${event.payload.emailId}:out`, ticket_id: ticketId, link: `/emails/${event.payload.emailId}` },
    ]);
  });

  it('a received email is matched by its sender; a known contactId wins over the address', async () => {
    const other = (
      await ctx.inject({ method: 'POST', url: '/contacts', headers: await ctx.auth({ role: 'admin' }), payload: { name: 'Petr Malý' } })
    ).json<{ id: string }>();
    const received = emailEvent({ direction: 'in', from: 'jana.novakova@customer.example', to: ['support@switchboard.example'], subject: 'Dotaz' });
    const byId = emailEvent({ direction: 'in', from: 'jana.novakova@customer.example', contactId: other.id, subject: 'Paired' });
    expect(await consumer.consume(received)).toBe('applied');
    expect(await consumer.consume(byId)).toBe('applied');
    expect((await activitiesOf(jana.id)).filter((a) => a.direction === 'in').map((a) => a.title)).toEqual(['Dotaz']);
    expect((await activitiesOf(other.id)).map((a) => a.title)).toEqual(['Paired']);
  });

  it('an email of no known contact records nothing', async () => {
    const before = await ctx.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from crm.activity');
    expect(await consumer.consume(emailEvent({ direction: 'in', from: 'stranger@nowhere.example', to: [] }))).toBe('applied');
    const after = await ctx.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from crm.activity');
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(ctx.serverErrors()).toEqual([]);
  });
});
