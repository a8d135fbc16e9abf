import { queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import { start } from 'single-spa';
import { COMPANY_ID, CONTACT_ID, ticket } from '../crm/crm-pages.fixture';
import { companyPath, contactPath, journeyPath, ticketPath } from '../navigation/routes';
import { TabStore } from '../navigation/tab-store';
import type { ShellServices } from '../shell-services';
import { memoryStorage } from '../widgets/memory-storage.fixture';
import { isolateElementTests } from './element-tests.fixture';
import './sb-ticket-page';

// single-spa turns navigateToUrl() into history changes, as in bootstrap.ts.
start({ urlRerouteOnly: true });
isolateElementTests();

const shown = ticket(1042, '2026-12-05T12:00');

async function mount(patch: Partial<typeof shown> = {}) {
  const services = { tickets: { ticket: async () => ({ ...shown, ...patch }) }, tabs: new TabStore(memoryStorage()) } as unknown as ShellServices;
  const page = document.createElement('sb-ticket-page');
  Object.assign(page, { services, locale: 'en', ticketId: shown.id });
  document.body.append(page);
  await waitFor(() => textOf(page).includes('Ticket 1042'));
  return { page, services };
}

const link = (page: Element, text: string) => queryDeep<HTMLAnchorElement>(page, 'a').find((a) => textOf(a) === text);

describe('<sb-ticket-page>', () => {
  it("links the contact, their customer journey (N4) and the company, each opening a tab with the ticket as the way back", async () => {
    const { page, services } = await mount();
    expect(link(page, 'Jana Nováková')?.getAttribute('href')).toBe(contactPath(CONTACT_ID));
    expect(link(page, 'Acme s.r.o.')?.getAttribute('href')).toBe(companyPath(COMPANY_ID));
    const journey = link(page, 'Customer journey')!;
    expect(journey.getAttribute('href')).toBe(journeyPath(CONTACT_ID));
    expect(journey.getAttribute('aria-label')).toBe('Customer journey: Jana Nováková');

    journey.click();
    expect(location.pathname).toBe(journeyPath(CONTACT_ID));
    expect(services.tabs.find(journeyPath(CONTACT_ID))).toEqual({ path: journeyPath(CONTACT_ID), title: 'Customer journey: Jana Nováková', opener: ticketPath(shown.id) });
  });

  it('shows a contact and company without a CRM record as text', async () => {
    const { page } = await mount({ contactId: null, companyId: null });
    expect(textOf(page)).toContain('Jana Nováková');
    expect(queryDeep(page, 'a').map(textOf)).not.toContain('Customer journey');
    expect(link(page, 'Jana Nováková')).toBeUndefined();
    expect(link(page, 'Acme s.r.o.')).toBeUndefined();
  });
});
