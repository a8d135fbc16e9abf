import { crmApi, type ActivityKind, type ActivityPage, type Company, type CompanyList, type Contact, type ContactList, type Sla } from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** The CRM-service calls of the shell's CRM module pages (contact, company, customer journey). */
export class CrmClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/crm', getToken: () => tokens.getToken('crm') }, options);
  }

  /** One contact. */
  contact(id: string, signal?: AbortSignal): Promise<Contact> {
    return this.client.call(crmApi.getContact, { params: { id }, signal });
  }

  /** One company. */
  company(id: string, signal?: AbortSignal): Promise<Company> {
    return this.client.call(crmApi.getCompany, { params: { id }, signal });
  }

  /** Contacts found by name, address, number or company: the first page (C5, the CRM module's home). */
  searchContacts(q: string, signal?: AbortSignal): Promise<ContactList> {
    return this.client.call(crmApi.searchContacts, { query: { q, limit: 20 }, signal });
  }

  /** Companies found by name, IČO, VAT id or domain: the first page. */
  searchCompanies(q: string, signal?: AbortSignal): Promise<CompanyList> {
    return this.client.call(crmApi.searchCompanies, { query: { q, limit: 20 }, signal });
  }

  /** The SLA plan a company names (C7). */
  sla(ref: string, signal?: AbortSignal): Promise<Sla> {
    return this.client.call(crmApi.getSla, { params: { ref }, signal });
  }

  /** A page of a company's contacts, by name. */
  companyContacts(companyId: string, cursor?: string, signal?: AbortSignal): Promise<ContactList> {
    return this.client.call(crmApi.searchContacts, { query: { companyId, limit: 50, ...(cursor ? { cursor } : {}) }, signal });
  }

  /** A page of a contact's activities, newest first, of one kind or all. */
  activities(contactId: string, options: { kind?: ActivityKind; cursor?: string }, signal?: AbortSignal): Promise<ActivityPage> {
    const { kind, cursor } = options;
    return this.client.call(crmApi.listActivities, {
      params: { id: contactId },
      query: { limit: 50, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) },
      signal,
    });
  }
}
