import { queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import type { LitElement } from 'lit';
import { start } from 'single-spa';
import { activity, COMPANY_ID, CONTACT_ID, crmServices, type CrmData, EMAIL_ID, ticket } from '../crm/crm-pages.fixture';
import { companyPath, contactPath, CRM_HOME_PATH, emailPath, journeyPath, slaPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { isolateElementTests } from './element-tests.fixture';
import './sb-company-page';
import './sb-crm-home-page';
import './sb-sla-page';
import './sb-contact-page';
import './sb-journey-page';

// single-spa turns navigateToUrl() into history changes, as in bootstrap.ts.
start({ urlRerouteOnly: true });
isolateElementTests();

type PageTag = 'sb-journey-page' | 'sb-contact-page' | 'sb-company-page' | 'sb-crm-home-page' | 'sb-sla-page';

async function mount<T extends PageTag>(tag: T, props: Record<string, unknown>, services: ShellServices): Promise<HTMLElementTagNameMap[T]> {
  const element = document.createElement(tag);
  Object.assign(element, { services, locale: 'en', ...props });
  document.body.append(element);
  await (element as LitElement).updateComplete;
  return element;
}

const root = (element: Element) => element.shadowRoot as ShadowRoot;
const link = (element: Element, text: string) => {
  const found = queryDeep<HTMLAnchorElement>(element, 'a').find((a) => textOf(a).includes(text));
  if (!found) throw new Error(`No link "${text}"; links: ${queryDeep(element, 'a').map(textOf).join(' | ')}`);
  return found;
};
const dayHeadings = (element: Element) => queryDeep(element, 'h2').map(textOf);
const rowTitles = (element: Element) => queryDeep(element, 'li .what').map(textOf);

describe('<sb-journey-page>', () => {
  const data = (): CrmData => ({
    activities: [
      activity(3, '2026-12-07T15:00', { kind: 'email', direction: 'in', title: 'Where is my refund?', link: emailPath(EMAIL_ID) }),
      activity(2, '2026-12-07T09:00', { kind: 'call', title: 'Called about the invoice' }),
      activity(1, '2026-12-01T10:00', { kind: 'email', direction: 'out', title: 'Re: Invoice' }),
    ],
    tickets: [ticket(1042, '2026-12-05T12:00')],
  });

  it('shows activities and tickets on one timeline by day, newest first, and names the tab after the contact', async () => {
    const { services } = crmServices(data());
    services.tabs.open({ path: journeyPath(CONTACT_ID) });
    const page = await mount('sb-journey-page', { contactId: CONTACT_ID }, services);

    await waitFor(() => rowTitles(page).length === 4);
    expect(textOf(root(page).querySelector('h1') as Element)).toBe('Customer journey: Jana Nováková');
    expect(dayHeadings(page)).toEqual(['Monday, 7 December 2026', 'Saturday, 5 December 2026', 'Tuesday, 1 December 2026']);
    expect(rowTitles(page)).toEqual(['Where is my refund?', 'Called about the invoice', '#1042 Ticket 1042', 'Re: Invoice']);
    expect(textOf(page)).toContain('Email received');
    expect(textOf(page)).toContain('Ticket opened');
    expect(services.tabs.find(journeyPath(CONTACT_ID))?.title).toBe('Customer journey: Jana Nováková');
  });

  it('narrows the timeline by type, asking the CRM for that kind', async () => {
    const { services, calls } = crmServices(data());
    const page = await mount('sb-journey-page', { contactId: CONTACT_ID }, services);
    await waitFor(() => rowTitles(page).length === 4);
    const select = root(page).querySelector('select') as HTMLSelectElement;

    select.value = 'email-in';
    select.dispatchEvent(new Event('change'));
    await waitFor(() => rowTitles(page).length === 1);
    expect(rowTitles(page)).toEqual(['Where is my refund?']);
    expect(calls).toContain('activities:email');

    select.value = 'ticket';
    select.dispatchEvent(new Event('change'));
    await waitFor(() => rowTitles(page).join() === '#1042 Ticket 1042');
  });

  it('opens an email item in its own tab with the journey as the way back', async () => {
    const { services } = crmServices(data());
    const page = await mount('sb-journey-page', { contactId: CONTACT_ID }, services);
    await waitFor(() => rowTitles(page).length === 4);

    link(page, 'Where is my refund?').click();
    await waitFor(() => location.pathname === emailPath(EMAIL_ID));
    expect(services.tabs.find(emailPath(EMAIL_ID))?.opener).toBe(journeyPath(CONTACT_ID));
    expect(link(page, '#1042').getAttribute('href')).toBe(`/tickets/${ticket(1042, '2026-12-05T12:00').id}`);
  });

  it('pages older activities and only then shows older tickets', async () => {
    const activities = Array.from({ length: 5 }, (_, i) => activity(i + 1, `2026-12-0${i + 1}T10:00`));
    const { services } = crmServices({ activities, tickets: [ticket(7, '2026-11-30T10:00')], pageSize: 3 });
    const page = await mount('sb-journey-page', { contactId: CONTACT_ID }, services);
    await waitFor(() => rowTitles(page).length === 3);
    expect(rowTitles(page)).toEqual(['Activity 5', 'Activity 4', 'Activity 3']);

    (queryDeep<HTMLButtonElement>(page, 'button').find((b) => textOf(b) === 'Load older') as HTMLButtonElement).click();
    await waitFor(() => rowTitles(page).length === 6);
    expect(rowTitles(page).slice(3)).toEqual(['Activity 2', 'Activity 1', '#7 Ticket 7']);
    expect(queryDeep(page, 'button').map(textOf)).not.toContain('Load older');
  });

  it('offers Back to email when opened from an email, and retries after a failure', async () => {
    const { services } = crmServices({ ...data(), fail: new Set(['tickets']) });
    services.tabs.open({ path: journeyPath(CONTACT_ID), opener: emailPath(EMAIL_ID) });
    const page = await mount('sb-journey-page', { contactId: CONTACT_ID }, services);

    await waitFor(() => textOf(page).includes('The customer journey could not be loaded.'));
    expect(link(page, 'Back to email').getAttribute('href')).toBe(emailPath(EMAIL_ID));
    (queryDeep<HTMLButtonElement>(page, 'button').find((b) => textOf(b) === 'Retry') as HTMLButtonElement).click();
    await waitFor(() => rowTitles(page).length === 4);
  });

  it('speaks Czech', async () => {
    const { services } = crmServices(data());
    const page = await mount('sb-journey-page', { contactId: CONTACT_ID, locale: 'cs' }, services);
    await waitFor(() => rowTitles(page).length === 4);
    expect(textOf(root(page).querySelector('h1') as Element)).toBe('Cesta zákazníka: Jana Nováková');
    expect(dayHeadings(page)[0]).toBe('pondělí 7. prosince 2026');
    expect(textOf(page)).toContain('Přijatý e-mail');
  });
});

describe('<sb-contact-page>', () => {
  it('shows the record with its company and journey links, titles the tab and leads back to the email', async () => {
    const { services } = crmServices();
    services.tabs.open({ path: contactPath(CONTACT_ID), title: 'Contact', opener: emailPath(EMAIL_ID) });
    const page = await mount('sb-contact-page', { contactId: CONTACT_ID }, services);

    await waitFor(() => root(page).querySelector('h1'));
    const text = textOf(page);
    expect(textOf(root(page).querySelector('h1') as Element)).toBe('Jana Nováková');
    for (const expected of ['Head of purchasing', 'jana.novakova@customer.example primary', 'office@customer.example', '+420601234567 (mobile)', 'Prefers calls']) {
      expect(text).toContain(expected);
    }
    expect(services.tabs.find(contactPath(CONTACT_ID))?.title).toBe('Jana Nováková');
    expect(link(page, 'Back to email').getAttribute('href')).toBe(emailPath(EMAIL_ID));
    expect(link(page, 'Customer journey').getAttribute('href')).toBe(journeyPath(CONTACT_ID));

    link(page, 'Acme s.r.o.').click();
    await waitFor(() => location.pathname === companyPath(COMPANY_ID));
    expect(services.tabs.find(companyPath(COMPANY_ID))).toEqual({ path: companyPath(COMPANY_ID), title: 'Acme s.r.o.', opener: contactPath(CONTACT_ID) });
  });

  it('asks the shell for a new email to an address of the contact (N2)', async () => {
    const { services } = crmServices();
    const page = await mount('sb-contact-page', { contactId: CONTACT_ID }, services);
    const requests: unknown[] = [];
    document.body.addEventListener('sb-new-email', (event) => requests.push((event as CustomEvent).detail));
    const button = await waitFor(() => queryDeep<HTMLButtonElement>(page, 'button').find((b) => b.getAttribute('aria-label') === 'New email to office@customer.example'));

    button.click();
    expect(requests).toEqual([{ to: [{ address: 'office@customer.example', name: 'Jana Nováková' }], contactId: CONTACT_ID }]);
  });

  it('says when the contact does not exist', async () => {
    const { services } = crmServices();
    const page = await mount('sb-contact-page', { contactId: COMPANY_ID }, services);
    await waitFor(() => textOf(page).includes('This contact does not exist.'));
  });

  it('hides notes private to another team and speaks Czech', async () => {
    const { services } = crmServices();
    const crm = services.crm as unknown as { contact: (id: string) => Promise<unknown> };
    const original = crm.contact;
    crm.contact = async (id) => ({ ...(await original(id) as object), notes: null, notesHidden: true });
    const page = await mount('sb-contact-page', { contactId: CONTACT_ID, locale: 'cs' }, services);
    await waitFor(() => textOf(page).includes('Tyto poznámky smí číst jen tým záznamu.'));
    expect(textOf(page)).toContain('Cesta zákazníka');
    expect(textOf(page)).toContain('hlavní');
  });
});

describe('<sb-company-page>', () => {
  const contacts = Array.from({ length: 3 }, (_, i) => ({
    id: `5d4e6f70-8192-4dae-9fc0-${String(i).padStart(12, '0')}`,
    name: `Colleague ${i + 1}`,
    title: null,
    primaryEmail: `colleague${i + 1}@customer.example`,
    primaryPhone: null,
    company: { id: COMPANY_ID, name: 'Acme s.r.o.' },
  }));

  it('shows the record and its contacts, paged, each opening its contact page', async () => {
    const { services } = crmServices({ contacts, pageSize: 2 });
    services.tabs.open({ path: companyPath(COMPANY_ID) });
    const page = await mount('sb-company-page', { companyId: COMPANY_ID }, services);

    await waitFor(() => queryDeep(page, 'li a').length === 2);
    const text = textOf(page);
    for (const expected of ['Acme s.r.o.', '27074358', 'CZ27074358', 'customer.example', 'HQ: Národní 1, 110 00 Praha, CZ', 'gold']) {
      expect(text).toContain(expected);
    }
    expect(services.tabs.find(companyPath(COMPANY_ID))?.title).toBe('Acme s.r.o.');

    (queryDeep<HTMLButtonElement>(page, 'button').find((b) => textOf(b) === 'More contacts') as HTMLButtonElement).click();
    await waitFor(() => queryDeep(page, 'li a').length === 3);
    expect(queryDeep(page, 'button').map(textOf)).not.toContain('More contacts');

    link(page, 'Colleague 3').click();
    await waitFor(() => location.pathname === contactPath(contacts[2].id));
    expect(services.tabs.find(contactPath(contacts[2].id))?.opener).toBe(companyPath(COMPANY_ID));
  });

  it('says when it has no contacts, and when it does not exist', async () => {
    const { services } = crmServices();
    const page = await mount('sb-company-page', { companyId: COMPANY_ID }, services);
    await waitFor(() => textOf(page).includes('This company has no contacts.'));
    const missing = await mount('sb-company-page', { companyId: CONTACT_ID }, services);
    await waitFor(() => textOf(missing).includes('This company does not exist.'));
  });
});

describe('<sb-crm-home-page>', () => {
  const people = ['Jana Nováková', 'Jan Novák', 'Petr Svoboda'].map((name, i) => ({
    id: `6e5f7081-92a3-4ebf-8ad1-${String(i).padStart(12, '0')}`,
    name,
    title: null,
    primaryEmail: null,
    primaryPhone: null,
    company: i === 0 ? { id: COMPANY_ID, name: 'Acme s.r.o.' } : null,
  }));
  const type = async (page: Element, text: string) => {
    const input = root(page).querySelector('input') as HTMLInputElement;
    input.value = text;
    input.dispatchEvent(new InputEvent('input'));
  };

  it('searches contacts and companies once typing pauses, and opens a result in a tab leading back here (C5)', async () => {
    const { services, calls } = crmServices({ contacts: people });
    services.tabs.open({ path: CRM_HOME_PATH });
    const page = await mount('sb-crm-home-page', {}, services);
    expect(queryDeep(page, 'li')).toHaveLength(0);

    await type(page, 'j');
    await type(page, 'jan');
    await waitFor(() => queryDeep(page, 'li a').length === 2);
    // Only the words typed last were searched.
    expect(calls.filter((c) => c.startsWith('search'))).toEqual(['searchContacts:jan', 'searchCompanies:jan']);
    expect(queryDeep(page, 'li').map(textOf)).toEqual(['Jana Nováková · Acme s.r.o.', 'Jan Novák']);

    await type(page, 'acme');
    await waitFor(() => textOf(page).includes('Companies') && queryDeep(page, 'li a').map(textOf).includes('Acme s.r.o.'));
    link(page, 'Acme s.r.o.').click();
    await waitFor(() => location.pathname === companyPath(COMPANY_ID));
    expect(services.tabs.find(companyPath(COMPANY_ID))?.opener).toBe(CRM_HOME_PATH);
  });

  it('says when nothing matches, and offers a retry when the CRM cannot be searched', async () => {
    const { services } = crmServices({ contacts: people, fail: new Set(['searchContacts:zz']) });
    const page = await mount('sb-crm-home-page', {}, services);
    await type(page, 'zz');
    await waitFor(() => textOf(page).includes('The CRM could not be searched.'));
    (queryDeep<HTMLButtonElement>(page, 'button').find((b) => textOf(b) === 'Retry') as HTMLButtonElement).click();
    await waitFor(() => textOf(page).includes('Nothing found.'));
  });
});

describe('<sb-sla-page>', () => {
  it("opens from the company's SLA reference and shows the plan's targets in the agent's language (C7)", async () => {
    const { services } = crmServices();
    services.tabs.open({ path: companyPath(COMPANY_ID) });
    const company = await mount('sb-company-page', { companyId: COMPANY_ID }, services);
    await waitFor(() => queryDeep(company, 'a').some((a) => textOf(a) === 'gold'));
    link(company, 'gold').click();
    await waitFor(() => location.pathname === slaPath('gold'));
    expect(services.tabs.find(slaPath('gold'))).toMatchObject({ title: 'SLA gold', opener: companyPath(COMPANY_ID) });

    const page = await mount('sb-sla-page', { slaRef: 'gold', locale: 'cs' }, services);
    await waitFor(() => textOf(page).includes('SLA: Zlatá'));
    for (const expected of ['120 min', '48 h', 'Pracovní dny, 8:00 až 17:00', 'E-mail, Telefon', 'Zpět na firmu']) expect(textOf(page)).toContain(expected);
  });

  it('says when there is no such plan', async () => {
    const { services } = crmServices();
    const page = await mount('sb-sla-page', { slaRef: 'diamond' }, services);
    await waitFor(() => textOf(page).includes('There is no SLA plan "diamond".'));
  });
});
