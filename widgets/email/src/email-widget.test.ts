import type { WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import type { EmailWidget } from './email-widget';
import parcel from './widget';

const context: WidgetContext = {
  user: { id: '00000000-0000-4000-8000-000000000001', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: '11111111-1111-4111-8111-111111111111',
};

const text = (element: Element) => (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

let host: MemoryHost;
let domElement: HTMLElement;

async function mount(initial: WidgetContext = context): Promise<EmailWidget> {
  host = createMemoryHost({ context: initial });
  domElement = document.createElement('div');
  document.body.append(domElement);
  await parcel.mount({ domElement, host, settings: {} });
  const element = domElement.querySelector('sb-email-widget') as EmailWidget;
  await element.updateComplete;
  return element;
}

afterEach(async () => {
  await parcel.unmount({ domElement });
  domElement.remove();
});

describe('<sb-email-widget>', () => {
  it('shows the header without a ticket and the composer note', async () => {
    const element = await mount();

    expect(element.shadowRoot?.querySelector('h3')?.textContent).toBe('Email');
    expect(text(element)).toContain('No ticket assigned yet');
    expect(text(element)).toContain('The composer arrives in a later release.');
  });

  it('shows the assigned ticket as soon as the context has one (E1)', async () => {
    const element = await mount();

    host.setContext({ ticket: { id: '00000000-0000-4000-8000-000000001042', number: 1042, title: 'Refund for order 7781' } });
    await element.updateComplete;

    expect(element.shadowRoot?.querySelector('[part="ticket"]')?.textContent?.trim()).toBe('#1042 - Refund for order 7781');
    expect(text(element)).not.toContain('No ticket assigned yet');
  });

  it('starts with the ticket of the context and follows the language', async () => {
    const element = await mount({ ...context, ticket: { id: '00000000-0000-4000-8000-000000000007', number: 7, title: 'Hello' } });
    expect(text(element)).toContain('#7 - Hello');

    host.setContext({ user: { ...context.user, locale: 'cs' } });
    await element.updateComplete;

    expect(element.shadowRoot?.querySelector('h3')?.textContent).toBe('E-mail');
    expect(text(element)).toContain('Editor e-mailu přijde v některé z dalších verzí.');
  });
});
