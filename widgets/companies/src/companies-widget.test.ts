import type { WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import { getButton, getByLabel, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { testContact } from '../../contacts/src/testing/memory-contacts-api';
import type { CompaniesWidget } from './companies-widget';
import { MemoryCompaniesApi, testCompany } from './testing/memory-companies-api';
import './companies-widget';

const EMAIL_ID = '11111111-1111-4111-8111-111111111111';
const TICKET = { id: '44444444-4444-4444-8444-444444444444', number: 1042, title: 'Refund' };

const acme = testCompany();
const globex = testCompany({ id: '55555555-5555-4555-8555-555555555555', name: 'Globex a.s.', domains: ['globex.example'], slaRef: null });
const jana = testContact({ company: { id: acme.id, name: acme.name } });
const loner = testContact({ name: 'Lone Ranger', company: null, emails: [{ address: 'lone@globex.example', primary: true }] });

const baseContext: WidgetContext = {
  user: { id: '00000000-0000-4000-8000-000000000001', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: EMAIL_ID,
};

let host: MemoryHost;
let api: MemoryCompaniesApi;

function mount(context: Partial<WidgetContext> = {}): CompaniesWidget {
  host = createMemoryHost({ context: { ...baseContext, ...context }, serviceUrl: '/api/crm' });
  api = new MemoryCompaniesApi([acme, globex], [jana, loner]);
  const element = document.createElement('sb-companies-widget');
  element.host = host;
  element.api = api;
  document.body.append(element);
  return element;
}

const heading = (element: Element) => textOf(queryDeep(element, 'h3')[0] ?? document.createElement('i'));

afterEach(() => {
  document.body.replaceChildren();
});

describe('<sb-companies-widget>', () => {
  it("shows the ticket's company with its IČO, VAT id, domains, addresses and SLA (C1, C7)", async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id, companyId: acme.id });

    await waitFor(() => heading(element) === 'Acme s.r.o.');
    const text = textOf(element);
    for (const part of ['25596641', 'CZ25596641', 'acme.example', 'HQ, Vinohradská 1, 120 00 Praha, CZ']) expect(text).toContain(part);
    expect(host.emitted).toEqual([{ type: 'email.participantsRequested', payload: { emailId: EMAIL_ID } }]);

    getButton(element, 'Open the SLA gold of Acme s.r.o.').click();
    getButton(element, 'Open in CRM').click();
    getButton(element, 'Open the CRM in a background tab').click();
    expect(host.openedTabs).toEqual([
      { path: '/slas/gold', title: 'SLA gold' },
      { path: `/companies/${acme.id}`, title: 'Acme s.r.o.' },
      { path: '/crm', title: 'CRM', background: true },
    ]);
  });

  it("shows the company of the customer's contact, else the one using the address's domain", async () => {
    const element = mount();
    await waitFor(() => textOf(element).includes('Looking for the customer'));
    host.emit('email.participants', { emailId: EMAIL_ID, customer: { address: jana.emails[0]!.address } });
    await waitFor(() => heading(element) === 'Acme s.r.o.');

    host.emit('email.participants', { emailId: EMAIL_ID, customer: { address: 'lone@globex.example' } });
    await waitFor(() => heading(element) === 'Globex a.s.');
    expect(api.calls).toContain('match domain globex.example');

    host.emit('email.participants', { emailId: EMAIL_ID, customer: { address: 'nora@newcomer.example' } });
    await waitFor(() => textOf(element).includes('No company is known for this customer'));
  });

  it('follows contact.paired to the new contact’s company', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id, companyId: acme.id });
    await waitFor(() => heading(element) === 'Acme s.r.o.');

    host.emit('contact.paired', { ticketId: TICKET.id, contact: { id: loner.id, name: loner.name }, company: { id: globex.id, name: globex.name } });

    await waitFor(() => heading(element) === 'Globex a.s.');
  });

  it('edits the company inline with the IČO code beside the field and a version check (C3)', async () => {
    const element = mount({ ticket: TICKET, companyId: acme.id });
    await waitFor(() => heading(element) === 'Acme s.r.o.');
    getButton(element, 'Edit').click();

    const ico = await waitFor(() => getByLabel(element, 'IČO'));
    typeInto(ico, '123');
    getButton(element, 'Save').click();
    await waitFor(() => ico.getAttribute('aria-invalid') === 'true');
    expect(textOf(element)).toContain('Not a valid IČO (8 digits with a check digit): 123');

    typeInto(ico, '25596641');
    typeInto(getByLabel(element, 'Name'), 'Acme Holding s.r.o.');
    api.companies.set(acme.id, { ...acme, version: 2 });
    getButton(element, 'Save').click();
    await waitFor(() => textOf(element).includes('Someone else changed this company'));
    getButton(element, 'Keep mine').click();

    await waitFor(() => heading(element) === 'Acme Holding s.r.o.');
    expect(api.companies.get(acme.id)).toMatchObject({ name: 'Acme Holding s.r.o.', version: 3 });
  });

  it('speaks Czech', async () => {
    const element = mount({ companyId: acme.id, user: { ...baseContext.user, locale: 'cs' } });
    await waitFor(() => heading(element) === 'Acme s.r.o.');
    expect(textOf(element)).toContain('DIČ');
    getButton(element, 'Otevřít v CRM');
  });
});
