import type { EntityManager } from '@mikro-orm/postgresql';
import { createPeriodicTask, type PeriodicTask } from '@switchboard/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import { EmailEntity } from '../entities';
import { fillTicketCopy } from '../emails/ticket-copy';
import type { TicketsClient } from '../tickets-client';
import { demoEmails } from './demo-emails';

/**
 * Fills the ticket copies of the demo emails that have none (the tickets seed links them), so
 * a ticket's thread and "choose from ticket" find them before anyone opened them. Returns how
 * many still lack one; throws TICKETS_UNAVAILABLE when tickets cannot be asked.
 */
export async function fillDemoTicketCopies(em: EntityManager, tickets: TicketsClient): Promise<number> {
  const missing = await em.find(EmailEntity, { id: { $in: demoEmails().map((e) => e.id) }, ticketId: null });
  let left = 0;
  for (const email of missing) {
    if (!(await fillTicketCopy(em, tickets, email))) left++;
  }
  return left;
}

/** How often and how long to keep trying while tickets starts or seeds. */
export interface RetryOptions {
  intervalMs: number;
  attempts: number;
}

/**
 * Runs `fillDemoTicketCopies` in the background (a kit periodic task, first attempt at once)
 * until every demo email has its copy or the attempts run out (tickets may start after mail).
 * The returned `stop` waits for a running attempt.
 */
export function keepFillingDemoTicketCopies(
  fork: () => EntityManager,
  tickets: TicketsClient,
  log: FastifyBaseLogger,
  options: RetryOptions = { intervalMs: 5000, attempts: 60 },
): Pick<PeriodicTask, 'stop'> {
  let attemptsLeft = options.attempts;
  const filling = createPeriodicTask({
    name: 'demo ticket copies',
    intervalMs: options.intervalMs,
    log,
    step: async () => {
      attemptsLeft -= 1;
      try {
        if ((await fillDemoTicketCopies(fork(), tickets)) === 0) {
          log.info('demo emails have their ticket copies');
          return 'done';
        }
      } catch (error) {
        log.debug({ err: error }, 'tickets not reachable yet for the demo emails');
      }
      return attemptsLeft > 0 ? undefined : 'done';
    },
  });
  filling.start();
  return filling;
}
