import {
  routePath,
  ticketsApi,
  type EmailTicket,
  type FiledInboundEmail,
  type FileOutboundEmailBody,
  type InboundFiling,
  type OutboundEmailTicket,
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
  /** Links (or moves) the email to the ticket; null when the ticket does not exist. */
  linkEmail(emailId: string, ticketId: string): Promise<EmailTicket | null>;
  /** Files an email being sent into its ticket (M1): keeps a trusted link, else links the noted ticket, else creates one and links it, in one call. */
  fileOutboundEmail(emailId: string, body: FileOutboundEmailBody): Promise<OutboundEmailTicket>;
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

/** The gateway's answer when the replica it passed a call to broke off: another may answer it. */
const BAD_GATEWAY = 502;

/** A fetch that failed on the way (refused, reset), not by running out of time. */
const brokeOff = (error: unknown) => !(error instanceof DOMException && error.name === 'TimeoutError');

/**
 * Creates the client over the routes of `ticketsApi`; every failure except a 404 becomes
 * 503 TICKETS_UNAVAILABLE. A call that is safe to repeat (reads, links, the filing of a sent
 * email; not the filing of received emails) is tried once more when its connection broke or the
 * gateway answered 502: a replica killed mid-call (issue 17) then costs a retry, not a failed send.
 */
export function createTicketsClient(options: TicketsClientOptions): TicketsClient {
  const timeoutMs = options.timeoutMs ?? 5000;

  const attempt = <R extends RouteContract>(token: string, route: R, path: string, body: RouteBody<R> | undefined): Promise<Response> =>
    fetch(serviceUrl(options.baseUrl, path), {
      method: route.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });

  /** The call's answer, tried a second time after a broken connection or a 502 when `repeatable`. */
  async function answer<R extends RouteContract>(route: R, path: string, body: RouteBody<R> | undefined, repeatable: boolean): Promise<Response> {
    const token = await options.getToken();
    try {
      const response = await attempt(token, route, path, body);
      if (response.status !== BAD_GATEWAY || !repeatable) return response;
      await response.body?.cancel();
    } catch (error) {
      if (!repeatable || !brokeOff(error)) throw error;
    }
    return attempt(token, route, path, body);
  }

  async function call<R extends RouteContract>(
    route: R,
    params?: Record<string, string>,
    body?: RouteBody<R>,
    repeatable = true,
  ): Promise<RouteAnswer<R> | null> {
    const path = routePath(route, params);
    let response: Response;
    try {
      response = await answer(route, path, body, repeatable);
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
    linkEmail: (emailId, ticketId) => call(ticketsApi.linkEmail, { emailId }, { ticketId }),
    // Repeatable: a repeat finds the link the first made, and the new ticket's id is fixed by the body.
    fileOutboundEmail: async (emailId, body) =>
      required(await call(ticketsApi.fileOutboundEmail, { emailId }, body), `PUT /emails/${emailId}/outbound`),
    fileInboundEmails: async (items) => required(await call(ticketsApi.fileInboundEmails, undefined, { items }, false), 'POST /emails/inbound/batch').items,
  };
}
