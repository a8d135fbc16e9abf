import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { MacroAction, Ticket } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import type { TestKeys } from '@switchboard/service-kit/testing';
import type { SeededEmail } from '../delivery/testing/seed';
import { EmailEntity, OutboxEntity } from '../entities';
import { CLAIMABLE, pendingSteps } from '../macros/macro-store';

const CHUNK = 250;
/** The agent who sends them (a follow-up would go into their calendar). */
const MACRO_AGENT = '00000000-0000-4000-8000-00000000ac70';

/** Tickets made for macro sends, and a tickets header of their agent. */
export interface MacroTickets {
  tickets: Ticket[];
  ticketsAuth: Record<string, string>;
}

/** Creates `count` tickets in `queueId`, spread over 20 CRM contacts, assigned to one agent. */
export async function createMacroTickets(
  services: { tickets: ServiceApp; crm: ServiceApp; keys: TestKeys },
  queueId: string,
  count: number,
): Promise<MacroTickets> {
  const agent = randomUUID();
  const crmAuth = { authorization: `Bearer ${await services.keys.sign({ aud: 'crm', sub: agent }, { expiresIn: '2h' })}` };
  const ticketsAuth = { authorization: `Bearer ${await services.keys.sign({ aud: 'tickets', sub: agent, queues: [queueId] }, { expiresIn: '2h' })}` };
  const contacts: string[] = [];
  for (let i = 0; i < 20; i++) {
    const res = await services.crm.inject({ method: 'POST', url: '/contacts', headers: crmAuth, body: { name: `Contact ${i}` } });
    if (res.statusCode !== 201) throw new Error(`POST /contacts answered ${res.statusCode} ${res.body}`);
    contacts.push(res.json<{ id: string }>().id);
  }
  const tickets: Ticket[] = [];
  for (let i = 0; i < count; i++) {
    const body = { title: `Macro send ${i}`, queueId, contactId: contacts[i % contacts.length], assignToMe: true };
    const res = await services.tickets.inject({ method: 'POST', url: '/tickets', headers: ticketsAuth, body });
    if (res.statusCode !== 201) throw new Error(`POST /tickets answered ${res.statusCode} ${res.body}`);
    tickets.push(res.json<Ticket>());
  }
  return { tickets, ticketsAuth };
}

/**
 * The rows `recordMacroRun` writes for new emails, for many emails in one statement (as the
 * plain seed inserts emails in bulk, so a bench times the pipeline, not the seeding).
 */
async function insertMacroRuns(tx: EntityManager, runs: { emailId: string; name: string; actions: MacroAction[] }[]): Promise<void> {
  const rows = runs.map((run) => ({ email_id: run.emailId, macro_id: randomUUID(), name: run.name, steps: pendingSteps(run.actions) }));
  await tx.execute(
    `insert into "mail"."macro_run" (email_id, macro_id, name, steps)
      select email_id, macro_id, name, steps from jsonb_to_recordset(?::jsonb) as r(email_id uuid, macro_id uuid, name text, steps jsonb)`,
    [JSON.stringify(rows)],
  );
}

/**
 * Writes one queued email per ticket as the send route commits a send, in one transaction per
 * chunk: the email (with the body `html`) in its ticket, `macroOf(i)` (null: no macro) recorded
 * as its pending steps, and its outbox row (so a running worker never sees the send without its macro).
 */
export async function insertQueuedMacroSends(
  orm: MikroORM,
  queueId: string,
  tickets: Ticket[],
  macroOf: (i: number) => MacroAction[] | null,
  html = '<p>Hello</p>',
): Promise<SeededEmail[]> {
  const seeded: SeededEmail[] = [];
  for (let start = 0; start < tickets.length; start += CHUNK) {
    const chunk = tickets.slice(start, start + CHUNK).map((ticket, offset) => ({ ticket, i: start + offset, id: randomUUID() }));
    await orm.em.fork().transactional(async (tx) => {
      const now = new Date();
      await tx.insertMany(
        EmailEntity,
        chunk.map(({ ticket, i, id }) => ({
          id,
          ownerId: MACRO_AGENT,
          direction: 'outbound' as const,
          status: 'queued' as const,
          queueId,
          ticketId: ticket.id,
          from: { address: 'support@switchboard.test', name: 'Switchboard Support' },
          to: [{ address: `customer${i}@example.test`, name: 'Jana Nováková' }],
          cc: [],
          bcc: [],
          subject: `Macro send ${i}`,
          html,
          messageId: `<${id}@switchboard.test>`,
          queuedAt: now,
        })),
      );
      const runs = chunk.flatMap(({ i, id }) => {
        const actions = macroOf(i);
        return actions ? [{ emailId: id, name: `Macro ${i}`, actions }] : [];
      });
      if (runs.length > 0) await insertMacroRuns(tx, runs);
      await tx.insertMany(OutboxEntity, chunk.map(({ id }) => ({ emailId: id, createdAt: now })));
    });
    seeded.push(...chunk.map(({ id }) => ({ id, messageId: `<${id}@switchboard.test>` })));
  }
  return seeded;
}

/**
 * Every run's steps, a row each as the `macro_step` table held them before migration 0017
 * (`email_id`, `index`, `action`, `state`, `reason`, `finished_at`, `finish_seq`), for reads in
 * tests and benches; give it an alias (`from ${MACRO_STEPS_SQL} s`).
 */
export const MACRO_STEPS_SQL = `(select r.email_id, (s.ord - 1)::int as "index", s.value->'action' as action, s.value->>'state' as state,
    s.value->>'reason' as reason, (s.value->>'finishedAt')::timestamptz as finished_at, (s.value->>'finishSeq')::bigint as finish_seq
  from "mail"."macro_run" r cross join lateral jsonb_array_elements(r.steps) with ordinality as s(value, ord))`;

/**
 * Sent emails' macro runs with a step still to run and none failed (those wait for Try again): a
 * read of the partial index the runners' sweep reads.
 */
export async function runnableMacroRuns(orm: MikroORM): Promise<number> {
  const [row] = await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from "mail"."macro_run" r where ${CLAIMABLE}`);
  return Number(row.n);
}

/** Macro steps per state, e.g. `{ done: 1200 }`. */
export async function macroStepStates(orm: MikroORM): Promise<Record<string, number>> {
  const rows = await orm.em.fork().execute<{ state: string; n: string }[]>(`select s.state, count(*) as n from ${MACRO_STEPS_SQL} s group by s.state`);
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}
