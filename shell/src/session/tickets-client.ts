import { ticketsApi, type EmailRead, type EmailTicket, type RecentEmails, type Ticket } from '@switchboard/contracts';
import { ApiError, ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from './token-broker';

/** The few tickets-service calls the shell's own pages make (home lists, email context and its unread mark, ticket page, customer journey). */
export class TicketsClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/tickets', getToken: () => tokens.getToken('tickets') }, options);
  }

  /** The agent's most recently linked emails. */
  recentEmails(signal?: AbortSignal): Promise<RecentEmails> {
    return this.client.call(ticketsApi.recentEmails, { query: { limit: 20 }, signal });
  }

  /** Customers' emails in the agent's tickets that the agent has not opened yet (issue 13). */
  unreadEmails(signal?: AbortSignal): Promise<RecentEmails> {
    return this.client.call(ticketsApi.unreadEmails, { query: { limit: 20 }, signal });
  }

  /** The agent opened the email: read when they are its ticket's assignee. */
  markEmailRead(emailId: string): Promise<EmailRead> {
    return this.client.call(ticketsApi.markEmailRead, { params: { emailId } });
  }

  /** The ticket an email belongs to, or null when it is not assigned yet. */
  async emailTicket(emailId: string, signal?: AbortSignal): Promise<EmailTicket | null> {
    try {
      return await this.client.call(ticketsApi.getEmailTicket, { params: { emailId }, signal });
    } catch (error) {
      // EMAIL_NOT_LINKED is the documented answer; any 404 means there is no ticket to show.
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * A contact's tickets, most recently changed first, at most `max` (the customer journey, K6),
   * paged by cursor: a ticket changed meanwhile is neither skipped nor shown twice, at any depth.
   */
  async contactTickets(contactId: string, max = 500, signal?: AbortSignal): Promise<Ticket[]> {
    const tickets: Ticket[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.client.call(ticketsApi.searchTickets, { query: { contactId, limit: 100, ...(after ? { cursor: after } : {}) }, signal });
      tickets.push(...page.items);
      after = page.nextCursor ?? undefined;
      if (!after || tickets.length >= max) return tickets.slice(0, max);
    }
  }

  /** One ticket. */
  ticket(ticketId: string, signal?: AbortSignal): Promise<Ticket> {
    return this.client.call(ticketsApi.getTicket, { params: { id: ticketId }, signal });
  }
}
