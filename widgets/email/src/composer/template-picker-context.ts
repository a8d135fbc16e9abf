import type { HostApi, MailAddress, MailQueue, RenderContext, TicketRef } from '@switchboard/contracts';
import type { MailApi } from '../mail-api';
import { HttpTemplatesApi, type TemplateSource } from './template-picker-api';

/** What the composer knows when a template is filled in. */
export interface ComposerFacts {
  /** The draft's To recipients: the first one is the contact the answer greets. */
  to: readonly MailAddress[];
  /** The draft's ticket, when it has one. */
  ticket?: Pick<TicketRef, 'number' | 'title'> | null;
  /** The queue the draft is sent through, when chosen. */
  queue?: Pick<MailQueue, 'name'>;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';

/**
 * The values a template is filled with (E10): the contact from the first To recipient's name, the
 * ticket (the draft's or the page's), the agent and the queue. What is unknown is left out, so
 * the templates service names it as missing and the agent is asked for it.
 */
export function templateContextOf(host: Pick<HostApi, 'context'>, facts: ComposerFacts): RenderContext {
  const { user, ticket: pageTicket } = host.context();
  const ticket = facts.ticket ?? pageTicket;
  const contactName = facts.to[0]?.name?.trim();
  return {
    agent: { name: user.name, firstName: firstName(user.name) },
    ...(ticket ? { ticket: { number: ticket.number, title: ticket.title } } : {}),
    ...(contactName ? { contact: { name: contactName, firstName: firstName(contactName) } } : {}),
    ...(facts.queue ? { queue: { name: facts.queue.name } } : {}),
  };
}

/** What the composer tells the picker about the draft it edits. */
export interface ComposerDraft {
  to: readonly MailAddress[];
  queueId: string | null;
  ticket: Pick<TicketRef, 'number' | 'title'> | null;
}

/**
 * The composer's template source (E10): the templates service with a token of the templates
 * audience, and the draft's values (the queue's name looked up among the agent's queues).
 * Undefined when the host gives the widget no templates service.
 */
export function composerTemplateSource(host: HostApi, mail: Pick<MailApi, 'listQueues'>, draft: () => ComposerDraft | undefined): TemplateSource | undefined {
  if (!HttpTemplatesApi.available(host)) return undefined;
  return {
    api: new HttpTemplatesApi(host),
    context: async () => {
      const current = draft();
      if (!current) return templateContextOf(host, { to: [] });
      const queues = current.queueId ? (await mail.listQueues()).items : [];
      return templateContextOf(host, { to: current.to, ticket: current.ticket, queue: queues.find((queue) => queue.id === current.queueId) });
    },
  };
}
