import type { Ticket, TicketRef, WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import { getButton, getByLabel, queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import { HttpTicketsApi } from './tickets-api';
import type { TicketsWidget } from './tickets-widget';
import { createFakeService, type FakeResponse, type FakeService, type RecordedRequest } from './testing/fake-service';
import parcel from './widget';

const EMAIL_ID = '11111111-1111-4111-8111-111111111111';
const CONTACT_ID = '22222222-2222-4222-8222-222222222222';
const COMPANY_ID = '33333333-3333-4333-8333-333333333333';

function ticket(number: number, patch: Partial<Ticket> = {}): Ticket {
  return {
    id: `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`,
    number,
    title: `Ticket ${number}`,
    status: 'open',
    priority: 'normal',
    queueId: null,
    contactId: CONTACT_ID,
    companyId: COMPANY_ID,
    contactName: 'Jana Nováková',
    companyName: 'Acme s.r.o.',
    assigneeId: null,
    favourite: false,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...patch,
  };
}

const refund = ticket(1042, { title: 'Refund for order 7781', priority: 'high' });
const delivery = ticket(1043, { title: 'Late delivery', status: 'pending', contactName: null, companyName: null });

/** Answers like the tickets service with the two tickets above. */
function serviceRoutes(request: RecordedRequest): FakeResponse {
  const path = request.url.pathname;
  if (request.method === 'GET' && path === '/api/tickets/tickets') return { status: 200, body: { items: [refund, delivery], total: 2 } };
  if (request.method === 'PUT' && path === `/api/tickets/emails/${EMAIL_ID}/ticket`) {
    return { status: 200, body: { emailId: EMAIL_ID, ticket: refund, linkedAt: '2026-01-02T10:00:00.000Z', linkedBy: 'u1' } };
  }
  if (request.method === 'GET' && path === `/api/tickets/tickets/${refund.id}`) return { status: 200, body: refund };
  return { status: 404, body: { code: 'NOT_FOUND', message: `No route ${request.method} ${path}` } };
}

const baseContext: WidgetContext = {
  user: { id: '00000000-0000-4000-8000-000000000001', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: EMAIL_ID,
  contactId: CONTACT_ID,
};

let host: MemoryHost;
let service: FakeService;

function mount(context: Partial<WidgetContext> = {}, routes = serviceRoutes): TicketsWidget {
  host = createMemoryHost({ context: { ...baseContext, ...context }, serviceUrl: '/api/tickets', token: 'tickets-token' });
  service = createFakeService(routes);
  const element = document.createElement('sb-tickets-widget');
  element.host = host;
  element.api = new HttpTicketsApi(host, { fetch: service.fetch });
  document.body.append(element);
  return element;
}

const rowTitles = (element: Element) => queryDeep(element, 'sb-ticket-row').map((row) => textOf(row.shadowRoot?.querySelector('.title') as Element));
const searchRequests = () => service.requests.filter((r) => r.method === 'GET' && r.url.pathname === '/api/tickets/tickets');

afterEach(() => {
  document.body.replaceChildren();
});

describe('<sb-tickets-widget>', () => {
  it('lists tickets from the service with a token for the tickets audience', async () => {
    const element = mount();

    await waitFor(() => rowTitles(element).length === 2);
    expect(rowTitles(element)).toEqual(['#1042 Refund for order 7781', '#1043 Late delivery']);
    const [request] = searchRequests();
    expect(request.authorization).toBe('Bearer tickets-token');
    expect(request.url.searchParams.get('limit')).toBe('25');
    expect(queryDeep(element, 'ul[role="list"]')).toHaveLength(1);
    expect(textOf(queryDeep(element, 'sb-ticket-row')[0])).toContain('Jana Nováková');
    expect(getByLabel(element, 'Search tickets').type).toBe('search');
  });

  it('sends both query params when two filters are toggled on', async () => {
    const element = mount();
    await waitFor(() => rowTitles(element).length === 2);

    getButton(element, 'Mine').click();
    await waitFor(() => searchRequests().length === 2);
    getButton(element, "This contact's").click();
    await waitFor(() => searchRequests().length === 3);

    const params = searchRequests()[2].url.searchParams;
    expect(params.get('mine')).toBe('true');
    expect(params.get('contactId')).toBe(CONTACT_ID);
    expect(params.has('favourites')).toBe(false);
    await waitFor(() => getButton(element, "This contact's").getAttribute('aria-pressed') === 'true');
    expect(getButton(element, 'Mine').getAttribute('aria-pressed')).toBe('true');
    // The context has no company: that filter explains itself and does nothing.
    const company = getButton(element, "This company's");
    expect(company.getAttribute('aria-disabled')).toBe('true');
    expect(company.title).toBe('This email has no company');
    company.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(searchRequests()).toHaveLength(3);
  });

  it('searches the typed words once typing pauses', async () => {
    const element = mount();
    await waitFor(() => rowTitles(element).length === 2);

    const input = getByLabel(element, 'Search tickets');
    for (const value of ['re', 'refu', 'refund']) {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await waitFor(() => searchRequests().length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(searchRequests()).toHaveLength(2);
    expect(searchRequests()[1].url.searchParams.get('q')).toBe('refund');
  });

  it('assigns a ticket, emits ticket.assigned and shows it as the assigned ticket', async () => {
    const element = mount();
    await waitFor(() => rowTitles(element).length === 2);

    getButton(element, 'Assign #1042').click();

    await waitFor(() => textOf(element).includes('Assigned ticket'));
    const put = service.requests.find((r) => r.method === 'PUT');
    expect(put?.url.pathname).toBe(`/api/tickets/emails/${EMAIL_ID}/ticket`);
    expect(put?.body).toEqual({ ticketId: refund.id });
    expect(host.emitted).toEqual([
      {
        type: 'ticket.assigned',
        payload: {
          emailId: EMAIL_ID,
          ticket: { id: refund.id, number: 1042, title: 'Refund for order 7781' },
          contactId: CONTACT_ID,
          companyId: COMPANY_ID,
        },
      },
    ]);
    expect(textOf(element)).toContain('#1042 Refund for order 7781');
    // The widget had the full ticket already: no extra request for its details.
    expect(service.requests.filter((r) => r.url.pathname.endsWith(refund.id))).toHaveLength(0);
  });

  it("keeps the page's contact in ticket.assigned when the ticket has none", async () => {
    const orphan = ticket(1044, { contactId: null, companyId: null, contactName: null, companyName: null });
    const element = mount({}, (request) =>
      request.method === 'GET'
        ? { status: 200, body: { items: [orphan], total: 1 } }
        : { status: 200, body: { emailId: EMAIL_ID, ticket: orphan, linkedAt: '2026-01-01T10:00:00.000Z', linkedBy: 'u1' } },
    );
    await waitFor(() => rowTitles(element).length === 1);

    getButton(element, 'Assign #1044').click();

    await waitFor(() => host.emitted.length === 1);
    expect(host.emitted[0].payload).toEqual({
      emailId: EMAIL_ID,
      ticket: { id: orphan.id, number: 1044, title: 'Ticket 1044' },
      contactId: CONTACT_ID,
    });
  });

  it('shows why an assignment failed and stays on the list', async () => {
    const element = mount({}, (request) =>
      request.method === 'PUT' ? { status: 404, body: { code: 'TICKET_NOT_FOUND', message: 'Ticket was deleted' } } : serviceRoutes(request),
    );
    await waitFor(() => rowTitles(element).length === 2);

    getButton(element, 'Assign #1042').click();

    await waitFor(() => textOf(element).includes('Could not assign the ticket: Ticket was deleted'));
    expect(host.emitted).toEqual([]);
    expect(getButton(element, 'Assign #1042').getAttribute('aria-disabled')).toBe('false');
  });

  it('toggles a favourite with PUT and DELETE', async () => {
    const element = mount({}, (request) => (request.url.pathname.endsWith('/favourite') ? { status: 204 } : serviceRoutes(request)));
    await waitFor(() => rowTitles(element).length === 2);
    const star = getButton(element, 'Favourite #1043');
    expect(star.getAttribute('aria-pressed')).toBe('false');

    star.click();
    await waitFor(() => getButton(element, 'Favourite #1043').getAttribute('aria-pressed') === 'true');
    getButton(element, 'Favourite #1043').click();
    await waitFor(() => service.requests.filter((r) => r.url.pathname.endsWith('/favourite')).length === 2);

    expect(service.requests.filter((r) => r.url.pathname.endsWith('/favourite')).map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      `PUT /api/tickets/tickets/${delivery.id}/favourite`,
      `DELETE /api/tickets/tickets/${delivery.id}/favourite`,
    ]);
    await waitFor(() => getButton(element, 'Favourite #1043').getAttribute('aria-pressed') === 'false');
  });

  it("opens the customer journey of a row's contact (N4); a row without a contact has none", async () => {
    const element = mount({}, (request) =>
      request.method === 'GET' && request.url.pathname === '/api/tickets/tickets'
        ? { status: 200, body: { items: [refund, { ...delivery, contactId: null }], total: 2 } }
        : serviceRoutes(request),
    );
    await waitFor(() => rowTitles(element).length === 2);

    getButton(element, 'Customer journey: Jana Nováková').click();

    expect(host.openedTabs).toEqual([{ path: `/contacts/${CONTACT_ID}/journey`, title: 'Journey: Jana Nováková' }]);
    expect(() => getButton(queryDeep(element, 'sb-ticket-row')[1]!, /^Customer journey/)).toThrow(/0 buttons/);
  });

  it('shows the service error with Retry, and Retry fetches again', async () => {
    let failing = true;
    const element = mount({}, (request) =>
      failing ? { status: 503, body: { code: 'DB_DOWN', message: 'Database is not reachable' } } : serviceRoutes(request),
    );

    await waitFor(() => textOf(element).includes('Database is not reachable'));
    expect(textOf(element)).toContain('Could not load tickets');
    expect(queryDeep(element, '[role="alert"]')).toHaveLength(1);

    failing = false;
    getButton(element, 'Retry').click();

    await waitFor(() => rowTitles(element).length === 2);
    expect(searchRequests()).toHaveLength(2);
    expect(queryDeep(element, '[role="alert"]')).toHaveLength(0);
  });

  it('loads the next page by its cursor below the first, tells a failure without losing the list, and starts again on a new search', async () => {
    const first = [ticket(2000), ticket(2001)];
    let failing = true;
    const element = mount({}, (request) => {
      if (request.method !== 'GET' || request.url.pathname !== '/api/tickets/tickets') return serviceRoutes(request);
      if (request.url.searchParams.get('cursor') !== 'page-2') return { status: 200, body: { items: first, total: 3, nextCursor: 'page-2' } };
      if (failing) return { status: 503, body: { code: 'DB_DOWN', message: 'Database is not reachable' } };
      return { status: 200, body: { items: [ticket(2002)], total: 3, nextCursor: null } };
    });
    await waitFor(() => rowTitles(element).length === 2);
    expect(textOf(element)).toContain('Showing 2 of 3');

    getButton(element, 'Load more').click();
    await waitFor(() => textOf(element).includes('Could not load more tickets: Database is not reachable'));
    expect(rowTitles(element)).toEqual(['#2000 Ticket 2000', '#2001 Ticket 2001']);

    failing = false;
    getButton(element, 'Load more').click();
    await waitFor(() => rowTitles(element).length === 3);
    expect(rowTitles(element)[2]).toBe('#2002 Ticket 2002');
    const more = searchRequests()[2].url.searchParams;
    expect(more.get('cursor')).toBe('page-2');
    expect(more.get('limit')).toBe('25');
    expect(textOf(element)).toContain('Showing 3 of 3');
    expect(queryDeep(element, 'button.load-more')).toHaveLength(0);
    expect(queryDeep(element, '[role="alert"]')).toHaveLength(0);
    const lastRow = queryDeep(element, 'sb-ticket-row')[2];
    // Focus moved on to the first ticket the last page brought (its first control), not to the page.
    await waitFor(() => lastRow.shadowRoot?.activeElement?.tagName === 'BUTTON');

    getButton(element, 'Mine').click();
    await waitFor(() => searchRequests().length === 4 && rowTitles(element).length === 2);
    expect(searchRequests()[3].url.searchParams.has('cursor')).toBe(false);
    expect(getButton(element, 'Load more')).toBeTruthy();

    // A failure belongs to its search: a new filter takes its alert away.
    failing = true;
    getButton(element, 'Load more').click();
    await waitFor(() => queryDeep(element, '[role="alert"]').length === 1);
    getButton(element, 'Mine').click();
    await waitFor(() => searchRequests().length === 6 && rowTitles(element).length === 2);
    expect(queryDeep(element, '[role="alert"]')).toHaveLength(0);
  });

  it('shows the empty state with a way to create a ticket', async () => {
    const element = mount({}, () => ({ status: 200, body: { items: [], total: 0 } }));

    await waitFor(() => textOf(element).includes('No tickets match'));
    getButton(element, 'Create a ticket').click();
    await waitFor(() => queryDeep(element, 'sb-ticket-form').length === 1);
  });

  it('creates a ticket, emits ticket.created and puts it first, highlighted', async () => {
    const created = ticket(1050, { title: 'Printer on fire', priority: 'urgent' });
    const element = mount({}, (request) =>
      request.method === 'POST' ? { status: 201, body: created } : serviceRoutes(request),
    );
    await waitFor(() => rowTitles(element).length === 2);

    getButton(element, 'New ticket').click();
    const title = await waitFor(() => getByLabel(element, 'Title'));
    getButton(element, 'Create ticket').click();
    await waitFor(() => textOf(element).includes('Enter a title'));
    expect(service.requests.some((r) => r.method === 'POST')).toBe(false);

    title.value = '  Printer on fire ';
    getByLabel<HTMLSelectElement>(element, 'Priority').value = 'urgent';
    getButton(element, 'Create ticket').click();

    await waitFor(() => rowTitles(element)[0]?.startsWith('#1050'));
    expect(service.requests.find((r) => r.method === 'POST')?.body).toEqual({
      title: 'Printer on fire',
      priority: 'urgent',
      contactId: CONTACT_ID,
    });
    expect(host.emitted).toEqual([{ type: 'ticket.created', payload: { ticket: { id: created.id, number: 1050, title: 'Printer on fire' } } }]);
    const first = queryDeep(element, 'sb-ticket-row')[0];
    expect(first.shadowRoot?.querySelector('.row.new')).not.toBeNull();
    expect(textOf(first)).toContain('New');
    expect(queryDeep(element, 'sb-ticket-form')).toHaveLength(0);
  });

  it('switches its text to Czech when the agent changes the language', async () => {
    const element = mount();
    await waitFor(() => rowTitles(element).length === 2);
    expect(getButton(element, 'Mine')).toBeTruthy();

    host.setContext({ user: { ...baseContext.user, locale: 'cs' } });

    await waitFor(() => getButton(element, 'Přiřadit #1042'));
    expect(getButton(element, 'Moje')).toBeTruthy();
    expect(getButton(element, 'Cesta zákazníka: Jana Nováková')).toBeTruthy();
    expect(getByLabel(element, 'Hledat tikety')).toBeTruthy();
    expect(textOf(element)).toContain('Vysoká');
    expect(textOf(element)).toContain('Zobrazeno 2 z 2');
  });

  // textOf collapses whitespace: Czech groups digits with no-break spaces, read here as spaces.
  it.each([
    ['en', { total: 48_213 }, 'Showing 2 of 48,213'],
    ['en', { total: 10_000, totalCapped: true }, 'Showing 2 of 10,000+'],
    ['en', { total: 4_000, totalIsEstimate: true }, 'Showing 2 of about 4,000'],
    ['cs', { total: 48_213 }, 'Zobrazeno 2 z 48 213'],
    ['cs', { total: 10_000, totalCapped: true }, 'Zobrazeno 2 z 10 000+'],
    ['cs', { total: 4_000, totalIsEstimate: true }, 'Zobrazeno 2 z přibližně 4 000'],
  ] as const)('shows the total as the service qualifies it (%s, %j)', async (locale, total, summary) => {
    const element = mount({ user: { ...baseContext.user, locale } }, (request) =>
      request.method === 'GET' && request.url.pathname === '/api/tickets/tickets'
        ? { status: 200, body: { items: [refund, delivery], ...total } }
        : serviceRoutes(request),
    );
    await waitFor(() => rowTitles(element).length === 2);
    expect(textOf(element)).toContain(summary);
  });
});

describe('<sb-tickets-widget> with an assigned ticket', () => {
  const assigned: TicketRef = { id: refund.id, number: refund.number, title: refund.title };

  it('shows the card with details and opens the ticket and the journey in tabs', async () => {
    const element = mount({ ticket: assigned });

    await waitFor(() => textOf(element).includes('Jana Nováková'));
    expect(textOf(element)).toContain('Assigned ticket');
    expect(searchRequests()).toHaveLength(0);

    getButton(element, 'Open in Tickets').click();
    getButton(element, 'Customer journey').click();
    expect(host.openedTabs).toEqual([
      { path: `/tickets/${refund.id}`, title: '#1042' },
      { path: `/contacts/${CONTACT_ID}/journey`, title: 'Journey: Jana Nováková' },
    ]);
  });

  it('offers the search again after "Change ticket" and marks the assigned one', async () => {
    const element = mount({ ticket: assigned });
    await waitFor(() => textOf(element).includes('Jana Nováková'));

    getButton(element, 'Change ticket').click();

    await waitFor(() => rowTitles(element).length === 2);
    expect(textOf(queryDeep(element, 'sb-ticket-row')[0])).toContain('Assigned');
    getButton(element, 'Back to assigned ticket').click();
    await waitFor(() => textOf(element).includes('Open in Tickets'));
  });

  it('hides the journey button when neither ticket nor page has a contact', async () => {
    const element = mount({ ticket: { ...assigned, id: delivery.id }, contactId: undefined }, (request) =>
      request.url.pathname.endsWith(delivery.id) ? { status: 200, body: { ...delivery, contactId: null } } : serviceRoutes(request),
    );
    await waitFor(() => textOf(element).includes('Pending'));
    expect(() => getButton(element, 'Customer journey')).toThrow(/0 buttons/);
  });

  it('pairs the ticket with the contact a CRM widget asks for, announces contact.paired and shows the new contact (C4)', async () => {
    const petr = { id: '55555555-5555-4555-8555-555555555555', name: 'Petr Svoboda' };
    const routes = (request: RecordedRequest): FakeResponse =>
      request.method === 'PUT' && request.url.pathname === `/api/tickets/tickets/${refund.id}/contact`
        ? { status: 200, body: { ...refund, contactId: petr.id, contactName: petr.name, companyId: null, companyName: null } }
        : serviceRoutes(request);
    const element = mount({ ticket: assigned }, routes);
    await waitFor(() => textOf(element).includes('Jana Nováková'));

    const request = { emailId: EMAIL_ID, ticketId: refund.id, contact: petr, company: null };
    host.emit('contact.pairRequested', request);

    await waitFor(() => textOf(element).includes('Petr Svoboda'));
    const put = service.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({ contactId: petr.id, contactName: 'Petr Svoboda', companyId: null, companyName: null });
    expect(host.emitted.filter((e) => e.type === 'contact.paired').map((e) => e.payload)).toEqual([request]);
    // The page context follows: the shell takes the contact from ticket.assigned.
    expect(host.emitted.filter((e) => e.type === 'ticket.assigned').map((e) => e.payload)).toEqual([
      { emailId: EMAIL_ID, ticket: assigned, contactId: petr.id },
    ]);
    getButton(element, 'Customer journey').click();
    expect(host.openedTabs).toEqual([{ path: `/contacts/${petr.id}/journey`, title: 'Journey: Petr Svoboda' }]);
  });

  it("shows a contact's new name as soon as a CRM widget saved it (contact.changed, C3)", async () => {
    const element = mount({ ticket: assigned });
    await waitFor(() => textOf(element).includes('Jana Nováková'));

    host.emit('contact.changed', { contact: { id: '99999999-9999-4999-8999-999999999999', name: 'Someone Else' }, company: null });
    host.emit('contact.changed', { contact: { id: CONTACT_ID, name: 'Jana Nová' }, company: { id: COMPANY_ID, name: 'Acme a.s.' } });

    await waitFor(() => textOf(element).includes('Jana Nová') && !textOf(element).includes('Jana Nováková'));
    expect(textOf(element)).toContain('Acme a.s.');
    expect(textOf(element)).not.toContain('Someone Else');
  });

  it('reads the ticket again when a macro changed it (ticket.changed, E13), and only for its own ticket', async () => {
    let current = refund;
    const routes = (request: RecordedRequest): FakeResponse =>
      request.method === 'GET' && request.url.pathname === `/api/tickets/tickets/${refund.id}` ? { status: 200, body: current } : serviceRoutes(request);
    const element = mount({ ticket: assigned }, routes);
    await waitFor(() => textOf(element).includes('Open'));
    const reads = () => service.requests.filter((r) => r.method === 'GET' && r.url.pathname === `/api/tickets/tickets/${refund.id}`).length;
    expect(reads()).toBe(1);

    current = { ...refund, status: 'closed' };
    host.emit('ticket.changed', { ticketId: delivery.id });
    host.emit('ticket.changed', { ticketId: refund.id });
    await waitFor(() => textOf(element).includes('Closed'));
    expect(reads()).toBe(2);
  });

  it('unpairs on request, hides the journey, and tells a failure', async () => {
    let fail = false;
    const routes = (request: RecordedRequest): FakeResponse => {
      if (request.method !== 'PUT' || !request.url.pathname.endsWith('/contact')) return serviceRoutes(request);
      if (fail) return { status: 404, body: { code: 'TICKET_NOT_FOUND', message: 'No such ticket' } };
      return { status: 200, body: { ...refund, contactId: null, contactName: null, companyId: null, companyName: null } };
    };
    const element = mount({ ticket: assigned }, routes);
    await waitFor(() => textOf(element).includes('Jana Nováková'));

    host.emit('contact.pairRequested', { emailId: EMAIL_ID, ticketId: refund.id, contact: null, company: null });
    await waitFor(() => !textOf(element).includes('Jana Nováková'));
    expect(service.requests.find((r) => r.method === 'PUT')?.body).toEqual({ contactId: null });
    expect(() => getButton(element, 'Customer journey')).toThrow(/0 buttons/);

    fail = true;
    host.emit('contact.pairRequested', { emailId: EMAIL_ID, ticketId: refund.id, contact: null, company: null });
    await waitFor(() => textOf(element).includes('Could not change the ticket’s contact: No such ticket'));
    expect(host.emitted.filter((e) => e.type === 'contact.paired')).toHaveLength(1);
    expect(host.emitted.filter((e) => e.type === 'contact.pairFailed').map((e) => e.payload)).toEqual([
      { ticketId: refund.id, message: 'No such ticket' },
    ]);
  });
});

describe('tickets widget parcel', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('mounts <sb-tickets-widget> with the host and calls the service through it', async () => {
    const fake = createFakeService(serviceRoutes);
    globalThis.fetch = fake.fetch;
    const domElement = document.createElement('div');
    document.body.append(domElement);
    const memoryHost = createMemoryHost({ context: baseContext, serviceUrl: '/api/tickets' });

    await parcel.mount({ domElement, host: memoryHost, settings: {} });

    const element = domElement.querySelector('sb-tickets-widget') as TicketsWidget;
    await waitFor(() => rowTitles(element).length === 2);
    expect(fake.requests[0].authorization).toBe('Bearer test-token');
    await parcel.unmount({ domElement });
    expect(domElement.children).toHaveLength(0);
  });
});
