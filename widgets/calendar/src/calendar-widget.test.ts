import type { CalendarEvent, WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import { getButton, getByLabel, press, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { HttpCalendarApi } from './calendar-api';
import type { CalendarWidget } from './calendar-widget';
import { MemoryCalendarApi } from './testing/memory-calendar-api';
import parcel from './widget';

const CONTACT_ID = '22222222-2222-4222-8222-222222222222';
const TICKET_ID = '44444444-4444-4444-8444-444444444444';
const TODAY = '2026-12-07';
const at = (day: string, time: string) => new Date(`${day}T${time}`).toISOString();

function calendarEvent(id: number, day: string, title: string, patch: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id: `00000000-0000-4000-8000-${String(900 + id).padStart(12, '0')}`,
    ownerId: '00000000-0000-4000-8000-00000000a001',
    kind: 'meeting',
    title,
    startsAt: at(day, '10:00'),
    endsAt: at(day, '11:00'),
    contactId: null,
    ticketId: null,
    notes: null,
    cancelled: false,
    version: 1,
    createdAt: at(day, '08:00'),
    updatedAt: at(day, '08:00'),
    ...patch,
  };
}

const baseContext: WidgetContext = {
  user: { id: '00000000-0000-4000-8000-00000000a001', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: '11111111-1111-4111-8111-111111111111',
  contactId: CONTACT_ID,
  ticket: { id: TICKET_ID, number: 1042, title: 'Refund' },
};

let host: MemoryHost;
let api: MemoryCalendarApi;

function mount(events: CalendarEvent[] = [], context: Partial<WidgetContext> = {}): CalendarWidget {
  host = createMemoryHost({ context: { ...baseContext, ...context }, serviceUrl: '/api/crm' });
  api = new MemoryCalendarApi(events);
  const element = document.createElement('sb-calendar-widget');
  element.host = host;
  element.api = api;
  element.today = TODAY;
  document.body.append(element);
  return element;
}

const cell = (root: Element, day: string) => queryDeep(root, `td[data-day="${day}"]`)[0];
const selectedDay = (root: Element) => queryDeep(root, 'td[aria-selected="true"]').map((td) => td.dataset.day);
const eventDays = (root: Element) => queryDeep(root, 'td.events').map((td) => td.dataset.day);
const listed = (root: Element) => queryDeep(root, 'li .title').map(textOf);
const loaded = (root: Element) => waitFor(() => api.ranges.length > 0 && queryDeep(root, '[role="status"]').every((s) => !textOf(s).includes('Loading')));

afterEach(() => {
  document.body.replaceChildren();
});

describe('<sb-calendar-widget>', () => {
  it('shows today’s month with event days marked, today selected and its events listed', async () => {
    const element = mount([
      calendarEvent(1, TODAY, 'Call Jana back'),
      calendarEvent(2, '2026-12-15', 'Quarterly review'),
      calendarEvent(3, '2026-12-16', 'Dropped', { cancelled: true }),
    ]);
    await loaded(element);
    await waitFor(() => eventDays(element).length === 2);

    expect(textOf(queryDeep(element, 'h2')[0])).toBe('December 2026');
    expect(eventDays(element)).toEqual([TODAY, '2026-12-15']);
    expect(selectedDay(element)).toEqual([TODAY]);
    expect(cell(element, TODAY).getAttribute('aria-current')).toBe('date');
    expect(cell(element, TODAY).tabIndex).toBe(0);
    expect(textOf(cell(element, TODAY))).toContain('today, 1 event');
    expect(listed(element)).toEqual(['Call Jana back']);
    expect(api.ranges[0]).toEqual({ from: new Date(2026, 10, 30).toISOString(), to: new Date(2027, 0, 4).toISOString() });
  });

  it('moves across days with the arrow keys and across months with Page Down, keeping focus in the grid', async () => {
    const element = mount([calendarEvent(1, '2026-12-15', 'Quarterly review'), calendarEvent(2, '2027-01-08', 'New year kick-off')]);
    await loaded(element);
    cell(element, TODAY).focus();

    press(cell(element, TODAY), 'ArrowDown');
    await waitFor(() => selectedDay(element)[0] === '2026-12-14');
    press(cell(element, '2026-12-14'), 'ArrowRight');
    await waitFor(() => listed(element).includes('Quarterly review'));
    expect(selectedDay(element)).toEqual(['2026-12-15']);
    expect(queryDeep(element, 'sb-calendar-grid')[0].shadowRoot?.activeElement).toBe(cell(element, '2026-12-15'));

    press(cell(element, '2026-12-15'), 'PageDown');
    await waitFor(() => textOf(queryDeep(element, 'h2')[0]) === 'January 2027');
    await waitFor(() => eventDays(element).includes('2027-01-08'));
    expect(selectedDay(element)).toEqual(['2027-01-15']);
    press(cell(element, '2027-01-15'), 'Home');
    await waitFor(() => selectedDay(element)[0] === '2027-01-11');
  });

  it('creates an event for this contact and ticket on the selected day and marks the day', async () => {
    const element = mount();
    await loaded(element);
    cell(element, '2026-12-09').click();
    await waitFor(() => selectedDay(element)[0] === '2026-12-09');

    getButton(element, 'New event').click();
    const title = await waitFor(() => getByLabel(element, 'Title'));
    typeInto(title, 'Call back about the refund');
    getByLabel<HTMLSelectElement>(element, 'Kind').value = 'follow-up';
    getButton(element, 'Save').click();

    await waitFor(() => listed(element).includes('Call back about the refund'));
    expect(eventDays(element)).toEqual(['2026-12-09']);
    expect(api.events[0]).toMatchObject({
      kind: 'follow-up',
      startsAt: at('2026-12-09', '09:00'),
      endsAt: at('2026-12-09', '10:00'),
      contactId: CONTACT_ID,
      ticketId: TICKET_ID,
    });
    expect(queryDeep(element, 'sb-event-form')).toHaveLength(0);
  });

  it('refuses an empty title and an end before the start without calling the service', async () => {
    const element = mount();
    await loaded(element);
    getButton(element, 'New event').click();
    (await waitFor(() => getButton(element, 'Save'))).click();
    await waitFor(() => getByLabel(element, 'Title').getAttribute('aria-invalid') === 'true');
    expect(textOf(element)).toContain('Enter a title');

    typeInto(getByLabel(element, 'Title'), 'Backwards');
    typeInto(getByLabel(element, 'Ends'), `${TODAY}T08:00`);
    getButton(element, 'Save').click();
    await waitFor(() => textOf(element).includes('The end must be after the start'));
    expect(api.events).toHaveLength(0);
  });

  it('moves an event to another day by editing it, and the day marks follow', async () => {
    const element = mount([calendarEvent(1, TODAY, 'Call Jana back')]);
    await loaded(element);
    await waitFor(() => listed(element).length === 1);

    getButton(element, 'Edit Call Jana back').click();
    const starts = await waitFor(() => getByLabel(element, 'Starts'));
    typeInto(starts, '2026-12-10T14:00');
    typeInto(getByLabel(element, 'Ends'), '2026-12-10T14:30');
    getButton(element, 'Save').click();

    await waitFor(() => selectedDay(element)[0] === '2026-12-10');
    expect(eventDays(element)).toEqual(['2026-12-10']);
    expect(listed(element)).toEqual(['Call Jana back']);
    expect(api.events[0]).toMatchObject({ startsAt: at('2026-12-10', '14:00'), version: 2 });
  });

  it('shows the current version after a stale edit', async () => {
    const event = calendarEvent(1, TODAY, 'Call Jana back');
    const element = mount([event]);
    await loaded(element);
    await waitFor(() => listed(element).length === 1);
    await api.updateEvent(event.id, { version: 1, title: 'Renamed elsewhere' });

    getButton(element, 'Edit Call Jana back').click();
    typeInto(await waitFor(() => getByLabel(element, 'Title')), 'Mine');
    getButton(element, 'Save').click();

    await waitFor(() => textOf(element).includes('Someone changed this event meanwhile'));
    expect(getByLabel(element, 'Title').value).toBe('Renamed elsewhere');
    getButton(element, 'Save').click();
    await waitFor(() => queryDeep(element, 'sb-event-form').length === 0);
    expect(api.events[0]).toMatchObject({ title: 'Renamed elsewhere', version: 3 });
  });

  it('cancels an event: struck through, and its day no longer blue', async () => {
    const element = mount([calendarEvent(1, TODAY, 'Call Jana back')]);
    await loaded(element);
    await waitFor(() => eventDays(element).length === 1);

    getButton(element, 'Cancel Call Jana back').click();
    await waitFor(() => queryDeep(element, 'li.cancelled').length === 1);
    expect(eventDays(element)).toEqual([]);
    expect(textOf(queryDeep(element, 'li')[0])).toContain('Cancelled');
  });

  it('ties new events to the contact another widget pairs with this email’s ticket, or to none after an unpair', async () => {
    const element = mount();
    await loaded(element);
    const other = '55555555-5555-4555-8555-555555555555';
    host.emit('contact.paired', { emailId: baseContext.emailId, ticketId: TICKET_ID, contact: { id: other, name: 'Petr Malý' }, company: null });
    // A pairing on another email's page changes nothing here.
    host.emit('contact.paired', { emailId: '66666666-6666-4666-8666-666666666666', ticketId: TICKET_ID, contact: null, company: null });

    getButton(element, 'New event').click();
    typeInto(await waitFor(() => getByLabel(element, 'Title')), 'Call Petr');
    getButton(element, 'Save').click();
    await waitFor(() => api.events.length === 1);
    expect(api.events[0]).toMatchObject({ contactId: other, ticketId: TICKET_ID });

    host.emit('contact.paired', { emailId: baseContext.emailId, ticketId: TICKET_ID, contact: null, company: null });
    await waitFor(() => listed(element).length === 1 && queryDeep(element, 'sb-event-form').length === 0);
    getButton(element, 'New event').click();
    typeInto(await waitFor(() => getByLabel(element, 'Title')), 'Ticket only');
    getButton(element, 'Save').click();
    await waitFor(() => api.events.length === 2);
    expect(api.events[1]).toMatchObject({ contactId: null, ticketId: TICKET_ID });
  });

  it('offers no contact link without a contact or ticket on the page', async () => {
    const element = mount([], { contactId: undefined, ticket: undefined });
    await loaded(element);
    getButton(element, 'New event').click();
    await waitFor(() => getByLabel(element, 'Title'));
    expect(queryDeep(element, '#sb-event-link')).toHaveLength(0);
  });

  it('speaks Czech', async () => {
    const element = mount([calendarEvent(1, TODAY, 'Zavolat Janě')], { user: { ...baseContext.user, locale: 'cs' } });
    await loaded(element);
    await waitFor(() => listed(element).length === 1);
    expect(textOf(queryDeep(element, 'h2')[0])).toBe('prosinec 2026');
    expect(textOf(queryDeep(element, 'h3')[0])).toBe('Události dne pondělí 7. prosince 2026');
    expect(queryDeep(element, 'th').map(textOf)).toEqual(['po', 'út', 'st', 'čt', 'pá', 'so', 'ne']);
    expect(getButton(element, 'Nová událost')).toBeTruthy();
  });

  it('says when the calendar cannot be loaded and retries', async () => {
    host = createMemoryHost({ context: baseContext, serviceUrl: '/api/crm' });
    let calls = 0;
    const fetchImpl = (async () => {
      calls += 1;
      return calls === 1
        ? new Response(JSON.stringify({ code: 'UNAVAILABLE', message: 'CRM is down' }), { status: 503 })
        : new Response(JSON.stringify({ items: [] }), { status: 200 });
    }) as typeof fetch;
    const element = document.createElement('sb-calendar-widget');
    element.host = host;
    element.api = new HttpCalendarApi(host, { fetch: fetchImpl });
    document.body.append(element);

    await waitFor(() => textOf(element).includes('Could not load the calendar: CRM is down'));
    getButton(element, 'Retry').click();
    await waitFor(() => !textOf(element).includes('Could not load'));
    expect(calls).toBe(2);
  });

  it('is exposed as a single-spa parcel', () => {
    expect(typeof parcel.mount).toBe('function');
  });
});
