import {
  routePath,
  ticketsApi,
  type CreateTicketBody,
  type EmailTicket,
  type FiledInboundEmail,
  type InboundFiling,
  type RouteAnswer,
  type RouteBody,
  type RouteContract,
  type Ticket,
} from '@switchboard/contracts';
import { ticketsUnavailable } from './errors';
import { serviceUrl } from '@switchboard/service-kit';

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
  /** Files received emails into their tickets (M1), in order, in one call; each answers its ticket, or none when nothing matched and filing was off. */
  fileInboundEmails(items: InboundFiling[]): Promise<FiledInboundEmail[]>;
}

export interface TicketsClientOptions {
  /** Base URL of the tickets service, e.g. `http://127.0.0.1:4002`. */
  baseUrl: string;
  /** A token with audience `tickets` for the service `mail`. */
  getToken: () => Promise<string>;
  /** Longest wait per call, in ms. */
  timeoutMs?: number;
}

/**
 * Creates the client over the routes of `ticketsApi`; every failure except a 404 becomes
 * 503 TICKETS_UNAVAILABLE.
 */
export function createTicketsClient(options: TicketsClientOptions): TicketsClient {
  const timeoutMs = options.timeoutMs ?? 5000;

  async function call<R extends RouteContract>(route: R, params?: Record<string, string>, body?: RouteBody<R>): Promise<RouteAnswer<R> | null> {
    const path = routePath(route, params);
    let response: Response;
    try {
      const token = await options.getToken();
      response = await fetch(serviceUrl(options.baseUrl, path), {
        method: route.method,
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
      throw ticketsUnavailable(`${route.method} ${path} answered ${response.status} ${text.slice(0, 200)}`, response.status);
    }
    return (await response.json()) as RouteAnswer<R>;
  }

  const required = <T>(value: T | null, what: string): T => {
    if (value === null) throw ticketsUnavailable(`${what} answered 404`);
    return value;
  };

  return {
    getTicket: (id) => call(ticketsApi.getTicket, { id }),
    getEmailTicket: (emailId) => call(ticketsApi.getEmailTicket, { emailId }),
    createTicket: async (body) => required(await call(ticketsApi.createTicket, undefined, body), 'POST /tickets'),
    linkEmail: (emailId, ticketId) => call(ticketsApi.linkEmail, { emailId }, { ticketId }),
    fileInboundEmails: async (items) => required(await call(ticketsApi.fileInboundEmails, undefined, { items }), 'POST /emails/inbound/batch').items,
  };
}
