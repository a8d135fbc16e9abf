import type { TemplateSummary, WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import { getButton, getByLabel, press, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { createMemoryTemplatesApi, type MemoryTemplate, type MemoryTemplatesApi } from './testing/memory-templates-api';
import type { TemplatesWidget } from './templates-widget';
import parcel from './widget';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const summary = (n: number, patch: Partial<TemplateSummary>): TemplateSummary => ({
  id: id(n), kind: 'answer', parentId: null, name: `T${n}`, folder: '', language: 'en', scope: 'everyone', useCount: 0, ...patch,
});

const frame: MemoryTemplate = summary(1, { kind: 'frame', name: 'Greeting and signature' });
const refund: MemoryTemplate = { ...summary(2, { parentId: id(1), name: 'Refund approved', folder: 'Billing', useCount: 9 }), text: 'Refund for #{ticket.number} approved. {agent.name}' };
const order: MemoryTemplate = { ...summary(3, { parentId: id(1), name: 'Order for company' }), text: 'Your order for {company.name}.' };
const loose: MemoryTemplate = { ...summary(4, { name: 'Zpožděná dodávka', language: 'cs' }), text: 'Omlouváme se.' };

const context: WidgetContext = {
  user: { id: id(100), name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: id(200),
  ticket: { id: id(300), number: 1042, title: 'Refund for order 7781' },
};

let host: MemoryHost;
let api: MemoryTemplatesApi;

function mount(locale: 'en' | 'cs' = 'en'): TemplatesWidget {
  host = createMemoryHost({ context: { ...context, user: { ...context.user, locale } }, serviceUrl: '/api/templates', token: 'templates-token' });
  api = createMemoryTemplatesApi([frame, refund, order, loose]);
  const element = document.createElement('sb-templates-widget');
  element.host = host;
  element.api = api;
  document.body.append(element);
  return element;
}

const options = (element: Element) => queryDeep<HTMLButtonElement>(element, 'li button');
const optionNames = (element: Element) => options(element).map((b) => textOf(b.querySelector('span')!));
const focused = (element: TemplatesWidget) => element.shadowRoot?.activeElement;

afterEach(() => {
  document.body.replaceChildren();
});

describe('<sb-templates-widget>', () => {
  it('shows answers under their frames; a frame is a heading, never something to insert', async () => {
    const element = mount();
    await waitFor(() => options(element).length === 3);
    expect(optionNames(element)).toEqual(['Refund approved · Billing', 'Order for company', 'Zpožděná dodávka']);
    expect(queryDeep(element, 'h3').map(textOf)).toEqual(['Greeting and signature', 'Without a frame']);
    expect(api.searches).toEqual(expect.arrayContaining([{ kind: 'frame' }, { kind: 'answer' }]));
    expect(getByLabel(element, 'Search templates').type).toBe('search');
  });

  it('searches the typed words, diacritics ignored', async () => {
    const element = mount();
    await waitFor(() => options(element).length === 3);
    typeInto(getByLabel(element, 'Search templates'), 'zpozdena');
    await waitFor(() => optionNames(element).length === 1);
    expect(optionNames(element)).toEqual(['Zpožděná dodávka']);
    expect(api.searches.at(-1)).toEqual({ kind: 'answer', q: 'zpozdena' });
  });

  it('moves through the list with the arrows and back to the search', async () => {
    const element = mount();
    await waitFor(() => options(element).length === 3);
    const search = getByLabel(element, 'Search templates');
    press(search, 'ArrowDown');
    expect(focused(element)).toBe(options(element)[0]);
    press(options(element)[0]!, 'ArrowDown');
    press(options(element)[1]!, 'ArrowDown');
    expect(focused(element)).toBe(options(element)[2]);
    press(options(element)[2]!, 'ArrowDown');
    expect(focused(element)).toBe(options(element)[2]);
    press(options(element)[2]!, 'ArrowUp');
    press(options(element)[1]!, 'ArrowUp');
    press(options(element)[0]!, 'ArrowUp');
    expect(focused(element)).toBe(search);
  });

  it("renders the chosen answer with the page's ticket and agent and inserts it into the reply", async () => {
    const element = mount();
    await waitFor(() => options(element).length === 3);
    options(element)[0]!.click();
    const preview = await waitFor(() => queryDeep(element, '.preview')[0]);
    expect(textOf(preview)).toBe('Refund for #1042 approved. Alex Agent');
    expect(api.renders[0]).toEqual({ id: refund.id, body: { context: { agent: { name: 'Alex Agent' }, ticket: { number: 1042, title: 'Refund for order 7781' } } } });
    getButton(element, 'Insert into reply').click();
    await waitFor(() => host.emitted.length === 1);
    expect(host.emitted).toEqual([{ type: 'composer.insertHtml', payload: { html: '<p>Refund for #1042 approved. Alex Agent</p>' } }]);
    expect(api.renders[1]!.body.insert).toBe(true);
    // Back in the list, on the inserted answer, with a note of what was inserted.
    await waitFor(() => focused(element) === options(element)[0]);
    expect(textOf(element.shadowRoot!)).toContain('Inserted into the reply: Refund approved');
  });

  it('asks for a value the page lacks, shows it marked in the preview, and inserts once it is filled', async () => {
    const element = mount();
    await waitFor(() => options(element).length === 3);
    options(element)[1]!.click();
    await waitFor(() => queryDeep(element, 'mark[data-variable="company.name"]')[0]);
    const field = getByLabel(element, 'Company');
    expect(field.required).toBe(true);
    typeInto(field, 'Vltava s.r.o.');
    getButton(element, 'Insert into reply').click();
    await waitFor(() => host.emitted.length === 1);
    expect(host.emitted[0]!.payload).toEqual({ html: '<p>Your order for Vltava s.r.o..</p>' });
    expect(api.renders.at(-1)!.body).toMatchObject({ values: { 'company.name': 'Vltava s.r.o.' }, insert: true });
  });

  it('goes back to the list with Escape, focus on the answer it left', async () => {
    const element = mount();
    await waitFor(() => options(element).length === 3);
    options(element)[2]!.click();
    const heading = await waitFor(() => queryDeep(element, 'sb-template-insert h3')[0]);
    await waitFor(() => element.shadowRoot?.activeElement?.tagName === 'SB-TEMPLATE-INSERT');
    press(heading, 'Escape');
    await waitFor(() => focused(element) === options(element)[2]);
    expect(host.emitted).toEqual([]);
  });

  it('speaks Czech', async () => {
    const element = mount('cs');
    await waitFor(() => options(element).length === 3);
    expect(getByLabel(element, 'Hledat šablony')).toBeTruthy();
    expect(queryDeep(element, 'h3').map(textOf)).toContain('Bez rámce');
    options(element)[1]!.click();
    await waitFor(() => getByLabel(element, 'Společnost'));
    expect(getButton(element, 'Vložit do odpovědi')).toBeTruthy();
  });
});

describe('templates widget parcel', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('mounts <sb-templates-widget> and calls the templates service over HTTP with its token', async () => {
    const calls: { url: string; authorization: string | null }[] = [];
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      const kind = new URL(String(input)).searchParams.get('kind');
      const { text: _text, ...answer } = refund;
      return new Response(JSON.stringify({ items: kind === 'frame' ? [frame] : [answer] }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const domElement = document.createElement('div');
    document.body.append(domElement);
    await parcel.mount({ domElement, host: createMemoryHost({ context, serviceUrl: '/api/templates' }), settings: {} });

    const element = domElement.querySelector('sb-templates-widget') as TemplatesWidget;
    await waitFor(() => options(element).length === 1);
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual(['/api/templates/templates', '/api/templates/templates']);
    expect(calls[0]!.authorization).toBe('Bearer test-token');
    await parcel.unmount({ domElement });
    expect(domElement.children).toHaveLength(0);
  });
});
