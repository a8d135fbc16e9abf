import { MailErrorCode, type CreateTicketBody, type EmailTicket, type Ticket } from '@switchboard/contracts';
import { AppError } from '@switchboard/service-kit';

/** The calls mail makes to the tickets service (M1), as the service `mail`. */
export interface TicketsClient {
  /** One ticket, or null when tickets does not know it. */
  getTicket(ticketId: string): Promise<Ticket | null>;
  /** The ticket an email is linked to, or null when it is not linked. */
  getEmailTicket(emailId: string): Promise<EmailTicket | null>;
  /** Creates a ticket; `assigneeId` assigns it to the agent the service acts for. */
  createTicket(body: CreateTicketBody): Promise<Ticket>;
  /** Links (or moves) the email to the ticket; null when the ticket does not exist. */
  linkEmail(emailId: string, ticketId: string): Promise<EmailTicket | null>;
}

export interface TicketsClientOptions {
  /** Base URL of the tickets service, e.g. `http://127.0.0.1:4002`. */
  baseUrl: string;
  /** A token with audience `tickets` for the service `mail`. */
  getToken: () => Promise<string>;
  /** Longest wait per call, in ms. */
  timeoutMs?: number;
}

/** 503 TICKETS_UNAVAILABLE: tickets did not answer, or answered something other than success or 404. */
export function ticketsUnavailable(reason: string): AppError {
  return new AppError(503, MailErrorCode.ticketsUnavailable, `The tickets service is unavailable: ${reason}`);
}

/** Creates the client; every failure except a 404 becomes `ticketsUnavailable`. */
export function createTicketsClient(options: TicketsClientOptions): TicketsClient {
  const timeoutMs = options.timeoutMs ?? 5000;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    let response: Response;
    try {
      const token = await options.getToken();
      response = await fetch(new URL(path, options.baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw ticketsUnavailable(error instanceof Error ? error.message : 'request failed');
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw ticketsUnavailable(`${method} ${path} answered ${response.status} ${text.slice(0, 200)}`);
    }
    return (await response.json()) as T;
  }

  const required = <T>(value: T | null, what: string): T => {
    if (value === null) throw ticketsUnavailable(`${what} answered 404`);
    return value;
  };

  return {
    getTicket: (ticketId) => call<Ticket>('GET', `/tickets/${encodeURIComponent(ticketId)}`),
    getEmailTicket: (emailId) => call<EmailTicket>('GET', `/emails/${encodeURIComponent(emailId)}/ticket`),
    createTicket: async (body) => required(await call<Ticket>('POST', '/tickets', body), 'POST /tickets'),
    linkEmail: (emailId, ticketId) => call<EmailTicket>('PUT', `/emails/${encodeURIComponent(emailId)}/ticket`, { ticketId }),
  };
}
