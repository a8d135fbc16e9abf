import {
  ticketsApi,
  type CreateTicketBody,
  type EmailTicket,
  type HostApi,
  type PairContactBody,
  type Ticket,
  type TicketList,
  type TicketSearchQuery,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';

/** The calls the Tickets widget makes to the tickets service. */
export interface TicketsApi {
  /** `GET /tickets`: search (K2) with combinable filters (K3). */
  searchTickets(query: TicketSearchQuery, signal?: AbortSignal): Promise<TicketList>;
  /** `GET /tickets/:id`. */
  getTicket(id: string, signal?: AbortSignal): Promise<Ticket>;
  /** `POST /tickets` (K4). */
  createTicket(body: CreateTicketBody, signal?: AbortSignal): Promise<Ticket>;
  /** `PUT` or `DELETE /tickets/:id/favourite`. */
  setFavourite(id: string, favourite: boolean): Promise<void>;
  /** `PUT /tickets/:id/contact`: pairs the ticket with a contact, or unpairs it (C4, C9). */
  pairContact(id: string, body: PairContactBody): Promise<Ticket>;
  /** `PUT /emails/:emailId/ticket`: assigns the email to the ticket (K1). */
  assignEmail(emailId: string, ticketId: string, signal?: AbortSignal): Promise<EmailTicket>;
}

/** The tickets service over HTTP, with a token for the tickets audience on every call. */
export class HttpTicketsApi implements TicketsApi {
  private readonly client: ServiceClient;

  constructor(host: Pick<HostApi, 'serviceUrl' | 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient(host, options);
  }

  searchTickets(query: TicketSearchQuery, signal?: AbortSignal): Promise<TicketList> {
    return this.client.call(ticketsApi.searchTickets, { query, signal });
  }

  getTicket(id: string, signal?: AbortSignal): Promise<Ticket> {
    return this.client.call(ticketsApi.getTicket, { params: { id }, signal });
  }

  createTicket(body: CreateTicketBody, signal?: AbortSignal): Promise<Ticket> {
    return this.client.call(ticketsApi.createTicket, { body, signal });
  }

  setFavourite(id: string, favourite: boolean): Promise<void> {
    return this.client.call(favourite ? ticketsApi.addFavourite : ticketsApi.removeFavourite, { params: { id } });
  }

  pairContact(id: string, body: PairContactBody): Promise<Ticket> {
    return this.client.call(ticketsApi.pairContact, { params: { id }, body });
  }

  assignEmail(emailId: string, ticketId: string, signal?: AbortSignal): Promise<EmailTicket> {
    return this.client.call(ticketsApi.linkEmail, { params: { emailId }, body: { ticketId }, signal });
  }
}
