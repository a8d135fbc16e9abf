import { randomUUID } from 'node:crypto';
import type { Email } from '@switchboard/contracts';
import { inRequestContext } from '@switchboard/service-kit';
import { postDraft } from '../testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';

// The send route's cost in database round trips (issue 17): counts, not timings. Every
// statement the request's own code runs is counted (BEGIN and COMMIT included), through
// knex's query event while the request's context is current; background work (relays,
// sweeps) runs outside any request and is not counted.

let ctx: MailTestContext;
let asMe: Record<string, string>;
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@mail.test' };
let counting = false;
const statements: string[] = [];

beforeAll(async () => {
  ctx = await createMailTestContext({ outboxRelay: { kick: () => undefined } });
  await ctx.addQueue(support);
  asMe = await ctx.auth({ sub: randomUUID(), queues: [support.id] });
  ctx.app.orm.em
    .getConnection()
    .getKnex()
    .on('query', (query: { sql: string }) => {
      if (counting && inRequestContext()) statements.push(query.sql);
    });
});

afterAll(async () => {
  await ctx?.close();
});

/** A draft ready to send (the send's tickets calls are HTTP to tickets' own database, not counted). */
async function readyDraft(): Promise<Email> {
  const draft = await postDraft(ctx, asMe);
  const res = await ctx.inject({
    method: 'PATCH',
    url: `/emails/${draft.id}`,
    headers: asMe,
    body: { version: draft.version, queueId: support.id, to: [{ address: 'jana@customer.example' }], subject: 'Refund' },
  });
  expect(res.statusCode).toBe(200);
  return res.json<Email>();
}

/** The statements one request ran, and its answer's status. */
async function counted(body: object, id: string): Promise<{ status: number; statements: string[] }> {
  statements.length = 0;
  counting = true;
  try {
    const res = await ctx.inject({ method: 'POST', url: `/emails/${id}/send`, body, headers: asMe });
    return { status: res.statusCode, statements: [...statements] };
  } finally {
    counting = false;
  }
}

it('sends a draft in two statements: one read with every check, one write of the email and its outbox row', async () => {
  const draft = await readyDraft();
  const sent = await counted({ version: draft.version }, draft.id);
  expect(sent.status).toBe(202);
  expect(sent.statements).toHaveLength(2);
});

it('answers a repeated send (409) after one read', async () => {
  const draft = await readyDraft();
  expect((await counted({ version: draft.version }, draft.id)).status).toBe(202);
  const again = await counted({ version: draft.version }, draft.id);
  expect(again.status).toBe(409);
  // The answer shows the email as that read found it.
  expect(again.statements).toHaveLength(1);
});
