import {
  crmApi,
  type ActivityPage,
  type Contact,
  type ContactList,
  type ContactMatch,
  type CreateContactBody,
  type HostApi,
  type PatchContactBody,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';

/** The calls the Contacts widget makes to the CRM service. */
export interface ContactsApi {
  /** `GET /contacts/match?email=`: every contact with this address (C1, C6, C9). */
  matchContacts(email: string, signal?: AbortSignal): Promise<ContactMatch>;
  /** `GET /contacts/:id` (C1). */
  getContact(id: string, signal?: AbortSignal): Promise<Contact>;
  /** `GET /contacts?q=`: pair another contact (C4). */
  searchContacts(q: string, signal?: AbortSignal): Promise<ContactList>;
  /** `POST /contacts`: Add new contact (C9). */
  createContact(body: CreateContactBody): Promise<Contact>;
  /** `PATCH /contacts/:id`: edit inline (C3); a stale version rejects with 409 CRM_VERSION_CONFLICT. */
  updateContact(id: string, body: PatchContactBody): Promise<Contact>;
  /** `GET /contacts/:id/activities`: newest first, keyset-paged (C8). */
  listActivities(id: string, cursor: string | undefined, signal?: AbortSignal): Promise<ActivityPage>;
}

/** The CRM service over HTTP, with a token for the crm audience on every call. */
export class HttpContactsApi implements ContactsApi {
  private readonly client: ServiceClient;

  constructor(host: Pick<HostApi, 'serviceUrl' | 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient(host, options);
  }

  matchContacts(email: string, signal?: AbortSignal): Promise<ContactMatch> {
    return this.client.call(crmApi.matchContacts, { query: { email }, signal });
  }

  getContact(id: string, signal?: AbortSignal): Promise<Contact> {
    return this.client.call(crmApi.getContact, { params: { id }, signal });
  }

  searchContacts(q: string, signal?: AbortSignal): Promise<ContactList> {
    return this.client.call(crmApi.searchContacts, { query: { q, limit: 10 }, signal });
  }

  createContact(body: CreateContactBody): Promise<Contact> {
    return this.client.call(crmApi.createContact, { body });
  }

  updateContact(id: string, body: PatchContactBody): Promise<Contact> {
    return this.client.call(crmApi.updateContact, { params: { id }, body });
  }

  listActivities(id: string, cursor: string | undefined, signal?: AbortSignal): Promise<ActivityPage> {
    return this.client.call(crmApi.listActivities, { params: { id }, query: { limit: 20, ...(cursor ? { cursor } : {}) }, signal });
  }
}
