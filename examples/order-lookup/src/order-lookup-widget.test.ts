import type { WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import type { OrderLookupWidget } from './order-lookup-widget';
import parcel from './widget';

const CONTACT = '33333333-3333-4333-8333-333333333333';
const baseContext: WidgetContext = {
  user: { id: '00000000-0000-4000-8000-000000000001', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: '11111111-1111-4111-8111-111111111111',
};
const ticket = { id: '00000000-0000-4000-8000-000000001042', number: 1042, title: 'Where is my chair?' };

let host: MemoryHost;

/** Mounts the widget as the shell does: through its parcel, with a host API (here in memory). */
async function mount(context: Partial<WidgetContext> = {}): Promise<OrderLookupWidget> {
  host = createMemoryHost({ context: { ...baseContext, ...context } });
  const domElement = document.createElement('div');
  document.body.append(domElement);
  await parcel.mount({ domElement, host, settings: {} });
  const element = domElement.querySelector('order-lookup-widget');
  if (!element) throw new Error('The parcel mounted no <order-lookup-widget>');
  await element.updateComplete;
  return element;
}

const collapse = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
const shadow = (element: OrderLookupWidget) => element.shadowRoot as ShadowRoot;
const orderTexts = (element: OrderLookupWidget) => [...shadow(element).querySelectorAll('li')].map((li) => collapse(li.textContent));

function insertButton(element: OrderLookupWidget, number: string): HTMLButtonElement {
  const button = shadow(element).querySelector<HTMLButtonElement>(`button[aria-label="Insert order ${number} into reply"]`);
  if (!button) throw new Error(`No insert button for ${number}`);
  return button;
}

/** The object of `object`'s prototype chain that defines `key`, for spying on the real accessor. */
function definerOf<T extends object>(object: T, key: string): T {
  for (let proto: object | null = object; proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.getOwnPropertyDescriptor(proto, key)) return proto as T;
  }
  throw new Error(`Nothing defines ${key}`);
}

afterEach(() => {
  document.body.replaceChildren();
  jest.restoreAllMocks();
});

describe('<order-lookup-widget>', () => {
  it('asks for a ticket while the page has no contact', async () => {
    const element = await mount();

    expect(collapse(shadow(element).textContent)).toContain('No contact yet: assign the email to a ticket');
    expect(shadow(element).querySelector('ul')).toBeNull();
  });

  it("lists the contact's orders with status, date, total, items and tracking", async () => {
    const element = await mount({ contactId: CONTACT, ticket });

    expect(collapse(shadow(element).querySelector('.muted')?.textContent)).toBe('Contact of ticket #1042');
    expect(shadow(element).querySelector('ul')?.getAttribute('aria-label')).toBe('Orders');
    expect(orderTexts(element)).toEqual([
      'ORD-51193 Delivered Placed on 19 Dec 2025 · Total CZK 1,288 2× USB-C cable, 1× Laptop stand Tracking CZ124382386 Insert into reply',
      'ORD-23990 Shipped Placed on 23 Nov 2025 · Total CZK 17,970 3× Office chair Tracking CZ120187981 Insert into reply',
      'ORD-86788 Returned Placed on 28 Oct 2025 · Total CZK 3,290 1× Mechanical keyboard Tracking CZ115993576 Insert into reply',
    ]);
  });

  it('emits composer.insertText with a sentence about the order and announces it', async () => {
    const element = await mount({ contactId: CONTACT });

    insertButton(element, 'ORD-23990').click();
    insertButton(element, 'ORD-86788').click();
    await element.updateComplete;

    expect(host.emitted).toEqual([
      {
        type: 'composer.insertText',
        payload: {
          text: 'Your order ORD-23990 of 23 Nov 2025 (3× Office chair) is on its way; the parcel’s tracking number is CZ120187981.',
        },
      },
      {
        type: 'composer.insertText',
        payload: { text: 'We have received the return of your order ORD-86788 of 28 Oct 2025; CZK\u00a03,290 will be refunded.' },
      },
    ]);
    expect(collapse(shadow(element).querySelector('[role="status"]')?.textContent)).toBe('Order ORD-86788 inserted into the reply');
  });

  it('follows the page context when a ticket with a contact is assigned', async () => {
    const element = await mount();

    host.setContext({ ticket, contactId: CONTACT });
    await element.updateComplete;

    expect(orderTexts(element)).toHaveLength(3);
  });

  it("speaks the agent's language, in the UI and in the inserted text", async () => {
    const element = await mount({ contactId: CONTACT, user: { ...baseContext.user, locale: 'cs' } });

    expect(orderTexts(element)[1]).toBe(
      'ORD-23990 Odesláno Objednáno 23. 11. 2025 · Celkem 17 970 Kč 3× Office chair Zásilka CZ120187981 Vložit do odpovědi',
    );
    shadow(element).querySelector<HTMLButtonElement>('button[aria-label="Vložit objednávku ORD-23990 do odpovědi"]')?.click();
    expect(host.emitted.map((event) => event.payload)).toEqual([
      { text: 'Vaše objednávka ORD-23990 ze dne 23. 11. 2025 (3× Office chair) je na cestě, číslo zásilky je CZ120187981.' },
    ]);
  });

  it('leaves the page alone: no cookies, no storage, nothing outside its element', async () => {
    const cookie = jest.spyOn(definerOf(document, 'cookie'), 'cookie', 'get');
    const getItem = jest.spyOn(definerOf(localStorage, 'getItem'), 'getItem');
    const setItem = jest.spyOn(definerOf(localStorage, 'setItem'), 'setItem');
    const element = await mount({ contactId: CONTACT });

    insertButton(element, 'ORD-51193').click();
    await element.updateComplete;

    expect(cookie).not.toHaveBeenCalled();
    expect(getItem).not.toHaveBeenCalled();
    expect(setItem).not.toHaveBeenCalled();
    expect(document.body.innerHTML).toBe('<div><order-lookup-widget></order-lookup-widget></div>');
  });

  it('is removed when the shell unmounts the parcel', async () => {
    const element = await mount({ contactId: CONTACT });
    const domElement = element.parentElement as HTMLElement;

    await parcel.unmount({ domElement });
    expect(domElement.children).toHaveLength(0);
  });
});
