/** Where an order is on its way to the customer. */
export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'returned';

/** One order of the demo shop. */
export interface Order {
  /** Order number the customer sees, e.g. `ORD-48213`. */
  number: string;
  /** Day the order was placed, `YYYY-MM-DD`. */
  placedOn: string;
  status: OrderStatus;
  /** What was ordered, e.g. `2× USB-C cable`. */
  items: string[];
  /** Total in whole Czech crowns. */
  totalCzk: number;
  /** Parcel tracking code once shipped. */
  tracking?: string;
}

/** The demo shop's products: name and price in whole Czech crowns. */
const PRODUCTS: ReadonlyArray<{ name: string; price: number }> = [
  { name: 'Wireless headphones', price: 2490 },
  { name: 'USB-C cable', price: 199 },
  { name: 'Laptop stand', price: 890 },
  { name: 'Mechanical keyboard', price: 3290 },
  { name: 'Webcam HD', price: 1590 },
  { name: 'Desk lamp', price: 749 },
  { name: 'Office chair', price: 5990 },
  { name: 'Phone case', price: 349 },
];

const STATUSES: readonly OrderStatus[] = ['processing', 'shipped', 'delivered', 'delivered', 'returned'];

/** Day the demo's order history ends. */
const LAST_DAY = Date.UTC(2026, 0, 15);
const DAY_MS = 24 * 60 * 60 * 1000;

/** FNV-1a: a small, stable hash, so one contact always gets the same orders. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function demoOrder(contactId: string, index: number): Order {
  const h = hash(`${contactId}:${index}`);
  const product = PRODUCTS[h % PRODUCTS.length];
  const quantity = 1 + ((h >>> 4) % 3);
  const extra = (h >>> 6) % 2 === 1 ? PRODUCTS[(h >>> 8) % PRODUCTS.length] : undefined;
  const status = STATUSES[(h >>> 12) % STATUSES.length];
  const items = [`${quantity}× ${product.name}`, ...(extra && extra !== product ? [`1× ${extra.name}`] : [])];
  return {
    number: `ORD-${10000 + ((h >>> 3) % 90000)}`,
    placedOn: new Date(LAST_DAY - (index * 30 + ((h >>> 16) % 28)) * DAY_MS).toISOString().slice(0, 10),
    status,
    items,
    totalCzk: quantity * product.price + (extra && extra !== product ? extra.price : 0),
    ...(status === 'processing' ? {} : { tracking: `CZ${String(100000000 + ((h >>> 2) % 900000000))}` }),
  };
}

/**
 * The demo orders of a contact, newest first: one to three, always the same for the same
 * contact id. The widget ships this data itself and calls no service.
 */
export function ordersFor(contactId: string): Order[] {
  const count = 1 + (hash(contactId) % 3);
  return Array.from({ length: count }, (_, index) => demoOrder(contactId, index));
}
