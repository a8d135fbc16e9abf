import {
  CrmErrorCode,
  type Company,
  type CompanyMatch,
  type Contact,
  type ContactMatch,
  type PatchCompanyBody,
} from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import type { CompaniesApi } from '../companies-api';

/** A company with sensible defaults. */
export function testCompany(patch: Partial<Company> = {}): Company {
  return {
    id: '33333333-3333-4333-8333-333333333333',
    name: 'Acme s.r.o.',
    ico: '25596641',
    vatId: 'CZ25596641',
    domains: ['acme.example'],
    addresses: [{ label: 'HQ', street: 'Vinohradská 1', city: 'Praha', postalCode: '120 00', country: 'CZ' }],
    slaRef: 'gold',
    notes: null,
    ownerId: null,
    teamId: null,
    canEdit: true,
    version: 1,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...patch,
  };
}

/** The CRM's companies in memory, for the widget's tests: IČO check, version check, calls recorded. */
export class MemoryCompaniesApi implements CompaniesApi {
  readonly calls: string[] = [];
  readonly companies = new Map<string, Company>();
  readonly contacts = new Map<string, Contact>();

  constructor(companies: Company[], contacts: Contact[] = []) {
    for (const company of companies) this.companies.set(company.id, company);
    for (const contact of contacts) this.contacts.set(contact.id, contact);
  }

  async getCompany(id: string): Promise<Company> {
    this.calls.push(`get company ${id}`);
    const company = this.companies.get(id);
    if (!company) throw new ApiError(404, CrmErrorCode.companyNotFound, `No company ${id}`);
    return company;
  }

  async matchCompanies(domain: string): Promise<CompanyMatch> {
    this.calls.push(`match domain ${domain}`);
    return { items: [...this.companies.values()].filter((c) => c.domains.includes(domain)) };
  }

  async updateCompany(id: string, body: PatchCompanyBody): Promise<Company> {
    this.calls.push(`update ${id} v${body.version}`);
    const current = await this.getCompany(id);
    if (body.version !== current.version) throw new ApiError(409, CrmErrorCode.versionConflict, 'The record changed meanwhile', { current });
    if (body.ico && !/^\d{8}$/.test(body.ico)) {
      throw new ApiError(400, CrmErrorCode.invalidIco, 'ico is not an IČO', { field: '/ico', value: body.ico });
    }
    const { version: _version, ...fields } = body;
    const next = { ...current, ...fields, version: current.version + 1 } as Company;
    this.companies.set(id, next);
    return next;
  }

  async getContact(id: string): Promise<Contact> {
    this.calls.push(`get contact ${id}`);
    const contact = this.contacts.get(id);
    if (!contact) throw new ApiError(404, CrmErrorCode.contactNotFound, `No contact ${id}`);
    return contact;
  }

  async matchContacts(email: string): Promise<ContactMatch> {
    this.calls.push(`match ${email}`);
    return { items: [...this.contacts.values()].filter((c) => c.emails.some((e) => e.address === email)) };
  }
}
