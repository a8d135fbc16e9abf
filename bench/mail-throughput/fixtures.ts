import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EmailTicket, Ticket } from '@switchboard/contracts';
import { EmailEntity } from '../../services/mail/src/entities';
import type { TicketsClient } from '../../services/mail/src/tickets-client';

/** The agent the bench sends as. */
export const BENCH_AGENT = '00000000-0000-4000-8000-00000000be4c';

/** The body every bench email carries. */
export const BENCH_HTML =
  '<p>Dobrý den,</p><p>your refund of <strong>1 250 CZK</strong> is on its way.</p><ul><li>Order 4711</li><li>Paid by card</li></ul><p>Regards,<br>Support</p>';

/**
 * Tickets as the bench sees it: every email is already linked to one ticket, so a send makes
 * no tickets call and the numbers are mail's alone (the route's tickets calls are covered by
 * the send tests).
 */
export function linkedTicketsClient(queueId: string): TicketsClient {
  const now = new Date().toISOString();
  const ticket: Ticket = {
    id: randomUUID(),
    number: 4711,
    title: 'Refund',
    status: 'open',
    priority: 'normal',
    queueId,
    contactId: null,
    companyId: null,
    contactName: null,
    companyName: null,
    assigneeId: BENCH_AGENT,
    favourite: false,
    createdAt: now,
    updatedAt: now,
  };
  const link = (emailId: string): EmailTicket => ({ emailId, ticket, linkedAt: now, linkedBy: 'service:mail' });
  return {
    getTicket: async () => ticket,
    getEmailTicket: async (emailId) => link(emailId),
    linkEmail: async (emailId) => link(emailId),
    fileOutboundEmail: async (emailId) => ({ link: link(emailId), created: false }),
    fileInboundEmails: async (items) => items.map(({ emailId }) => ({ emailId, ticket, created: false, reopened: false })),
  };
}

/** Inserts `count` ready drafts of `ownerId` (default the bench agent; version 1), in chunks; returns their ids. */
export async function insertDrafts(orm: MikroORM, queueId: string, count: number, ownerId: string = BENCH_AGENT): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let start = 0; start < ids.length; start += 500) {
    await orm.em.fork().transactional((em) =>
      em.insertMany(
        EmailEntity,
        ids.slice(start, start + 500).map((id, i) => ({
          id,
          ownerId,
          direction: 'outbound' as const,
          status: 'draft' as const,
          queueId,
          to: [{ address: `customer${start + i}@example.test`, name: 'Jana Nováková' }],
          cc: [],
          bcc: [],
          subject: `Your refund ${start + i}`,
          html: BENCH_HTML,
        })),
      ),
    );
  }
  return ids;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/** VmRSS and VmHWM (peak RSS) of a process, in MiB. */
export async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}
