import {
  crmApi,
  type Company,
  type CompanyMatch,
  type Contact,
  type ContactMatch,
  type HostApi,
  type PatchCompanyBody,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';

/** The calls the Companies widget makes to the CRM service. */
export interface CompaniesApi {
  /** `GET /companies/:id` (C1). */
  getCompany(id: string, signal?: AbortSignal): Promise<Company>;
  /** `GET /companies/match?domain=`: the companies using the customer's email domain (C1). */
  matchCompanies(domain: string, signal?: AbortSignal): Promise<CompanyMatch>;
  /** `PATCH /companies/:id`: edit inline (C3); a stale version rejects with 409 CRM_VERSION_CONFLICT. */
  updateCompany(id: string, body: PatchCompanyBody): Promise<Company>;
  /** `GET /contacts/:id`: the ticket's contact, for its company. */
  getContact(id: string, signal?: AbortSignal): Promise<Contact>;
  /** `GET /contacts/match?email=`: the customer's contacts, for their company. */
  matchContacts(email: string, signal?: AbortSignal): Promise<ContactMatch>;
}

/** The CRM service over HTTP, with a token for the crm audience on every call. */
export class HttpCompaniesApi implements CompaniesApi {
  private readonly client: ServiceClient;

  constructor(host: Pick<HostApi, 'serviceUrl' | 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient(host, options);
  }

  getCompany(id: string, signal?: AbortSignal): Promise<Company> {
    return this.client.call(crmApi.getCompany, { params: { id }, signal });
  }

  matchCompanies(domain: string, signal?: AbortSignal): Promise<CompanyMatch> {
    return this.client.call(crmApi.matchCompanies, { query: { domain }, signal });
  }

  updateCompany(id: string, body: PatchCompanyBody): Promise<Company> {
    return this.client.call(crmApi.updateCompany, { params: { id }, body });
  }

  getContact(id: string, signal?: AbortSignal): Promise<Contact> {
    return this.client.call(crmApi.getContact, { params: { id }, signal });
  }

  matchContacts(email: string, signal?: AbortSignal): Promise<ContactMatch> {
    return this.client.call(crmApi.matchContacts, { query: { email }, signal });
  }
}
