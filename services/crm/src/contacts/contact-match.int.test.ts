import { randomUUID } from 'node:crypto';
import type { Contact, ContactMatchQuery } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { Histogram } from 'prom-client';
import { createCrmTestContext, type CrmTestContext } from '../testing/crm-test-context';
import { contactsByKeys, MATCH_IN_FLIGHT, MATCH_LIMIT, type MatchKey } from './contact-match';

let ctx: CrmTestContext;
const support = randomUUID();
const billing = randomUUID();
const supportAgent = { sub: randomUUID(), teams: [support] };
const billingAgent = { sub: randomUUID(), teams: [billing] };
const asCaller = (who: { sub: string; teams: string[] }): Caller => ({ sub: who.sub, userId: who.sub, queues: [], teams: who.teams, isAdmin: false, isService: false });
const admin: Caller = { sub: randomUUID(), userId: null, queues: [], teams: [], isAdmin: true, isService: false };
let supportOffice: Contact;
let billingOffice: Contact;

beforeAll(async () => {
  ctx = await createCrmTestContext();
  const create = async (who: { sub: string; teams: string[] }, body: Record<string, unknown>) => {
    const res = await ctx.inject({ method: 'POST', url: '/contacts', body, headers: await ctx.auth(who) });
    expect(res.statusCode).toBe(201);
    return res.json<Contact>();
  };
  // Two teams' contacts at one office address, each with private notes only its team reads.
  supportOffice = await create(supportAgent, { name: 'Alena Support', emails: [{ address: 'office@shared.example' }], notes: 'support only', notesPrivate: true });
  billingOffice = await create(billingAgent, {
    name: 'Bohdan Billing',
    emails: [{ address: 'Office@Shared.Example' }, { address: 'bohdan@billing.example' }],
    phones: [{ number: '777 000 111' }],
    notes: 'billing only',
    notesPrivate: true,
  });
  await create(supportAgent, { name: 'Cyril Open', emails: [{ address: 'cyril@open.example' }], phones: [{ number: '+420 777 000 222' }], notes: 'for all' });
  // More contacts at one address than a match answers.
  await ctx.app.orm.em.fork().getConnection().execute(
    `with crowd as (
       insert into crm.contact (id, name, emails)
       select gen_random_uuid(), 'Crowd ' || lpad(i::text, 3, '0'), '[{"address": "crowd@x.example", "primary": true}]'::jsonb
       from generate_series(1, ?) i returning id)
     insert into crm.contact_email (contact_id, address_key) select id, 'crowd@x.example' from crowd`,
    [MATCH_LIMIT + 1],
  );
});

afterAll(async () => {
  await ctx?.close();
});

/** The keys-per-statement histogram's count of statements and sum of keys so far. */
async function statementsAndKeys(): Promise<{ statements: number; keys: number }> {
  const { values } = await (ctx.app.metrics.getSingleMetric('crm_match_statement_keys') as Histogram).get();
  const of = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
  return { statements: of('crm_match_statement_keys_count'), keys: of('crm_match_statement_keys_sum') };
}

describe('one statement for many match keys', () => {
  it('answers each key, emails and numbers mixed, repeated or unknown, exactly as a statement of that key alone', async () => {
    const keys: MatchKey[] = [
      { kind: 'email', key: 'office@shared.example' },
      { kind: 'phone', key: '+420777000111' },
      { kind: 'email', key: 'crowd@x.example' },
      { kind: 'email', key: 'nobody@x.example' },
      { kind: 'phone', key: '+420777000222' },
      { kind: 'email', key: 'office@shared.example' },
      // A number stored as an address key finds nothing: each key is looked up by its kind only.
      { kind: 'email', key: '+420777000111' },
      { kind: 'email', key: 'cyril@open.example' },
    ];
    const em = ctx.app.orm.em.fork();
    const together = await contactsByKeys(em, keys);
    const alone = [];
    for (const key of keys) alone.push((await contactsByKeys(em, [key]))[0]);
    expect(together).toEqual(alone);
    expect(together.map((rows) => rows.length)).toEqual([2, 1, MATCH_LIMIT, 0, 1, 2, 0, 1]);
    expect(together[2]!.map((row) => row.name)).toEqual(Array.from({ length: MATCH_LIMIT }, (_, i) => `Crowd ${String(i + 1).padStart(3, '0')}`));
  });
});

describe('matches of concurrent requests', () => {
  const requests: [Caller, ContactMatchQuery][] = [
    [asCaller(supportAgent), { email: 'office@shared.example' }],
    [asCaller(billingAgent), { phone: '777000111' }],
    [asCaller(billingAgent), { email: ' OFFICE@shared.example ' }],
    [asCaller(supportAgent), { phone: '+420 777 000 111' }],
    [admin, { email: 'office@shared.example' }],
    [asCaller(supportAgent), { email: 'crowd@x.example' }],
    [asCaller(billingAgent), { email: 'nobody@x.example' }],
    [asCaller(supportAgent), { phone: '+420777000222' }],
  ];

  it('share one statement beyond the ones in flight, and each caller gets what it gets alone, its own notes included', async () => {
    const alone = [];
    for (const [caller, query] of requests) alone.push(await ctx.app.contactsRepository.match(caller, query));
    const before = await statementsAndKeys();
    // Asked at once: the first ones go out at once, the rest wait for them and go out together.
    const together = await Promise.all(requests.map(([caller, query]) => ctx.app.contactsRepository.match(caller, query)));
    const after = await statementsAndKeys();
    expect({ statements: after.statements - before.statements, keys: after.keys - before.keys }).toEqual({ statements: MATCH_IN_FLIGHT + 1, keys: requests.length });
    expect(together).toEqual(alone);

    // In the shared statement, each team's agent reads its own team's private notes and not the other's.
    const notes = (items: Contact[]) => items.map((c) => [c.id, c.notes, c.notesHidden, c.canEdit]);
    expect(notes(together[2]!.items)).toEqual([
      [supportOffice.id, null, true, false],
      [billingOffice.id, 'billing only', false, true],
    ]);
    expect(notes(together[0]!.items)).toEqual([
      [supportOffice.id, 'support only', false, true],
      [billingOffice.id, null, true, false],
    ]);
    expect(notes(together[3]!.items)).toEqual([[billingOffice.id, null, true, false]]);
    expect(notes(together[4]!.items)).toEqual([
      [supportOffice.id, 'support only', false, true],
      [billingOffice.id, 'billing only', false, true],
    ]);
  });

  it('answer over HTTP as one at a time would, a refused request among them refused alone', async () => {
    const asked = [
      { who: supportAgent, url: '/contacts/match?email=office%40shared.example' },
      { who: billingAgent, url: '/contacts/match?email=office%40shared.example' },
      { who: billingAgent, url: '/contacts/match?phone=not-a-number' },
      { who: supportAgent, url: '/contacts/match?phone=%2B420777000111' },
      { who: billingAgent, url: '/contacts/match?email=cyril%40open.example' },
      { who: supportAgent, url: '/contacts/match' },
    ];
    const headers = await Promise.all(asked.map(({ who }) => ctx.auth(who)));
    const answer = async (i: number) => {
      const res = await ctx.inject({ url: asked[i]!.url, headers: headers[i] });
      return [res.statusCode, res.json()];
    };
    const alone = [];
    for (let i = 0; i < asked.length; i++) alone.push(await answer(i));
    const together = await Promise.all(asked.map((_, i) => answer(i)));
    expect(together).toEqual(alone);
    expect(together.map(([status]) => status)).toEqual([200, 200, 400, 200, 200, 400]);
    expect(ctx.serverErrors()).toEqual([]);
  });
});
