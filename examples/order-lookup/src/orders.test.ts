import { ordersFor } from './orders';

const CONTACT = '33333333-3333-4333-8333-333333333333';

describe('ordersFor', () => {
  it('gives a contact the same orders every time, newest first', () => {
    const orders = ordersFor(CONTACT);

    expect(ordersFor(CONTACT)).toEqual(orders);
    expect(orders.map((order) => [order.number, order.placedOn, order.status])).toEqual([
      ['ORD-51193', '2025-12-19', 'delivered'],
      ['ORD-23990', '2025-11-23', 'shipped'],
      ['ORD-86788', '2025-10-28', 'returned'],
    ]);
    expect(orders[1]).toEqual({
      number: 'ORD-23990',
      placedOn: '2025-11-23',
      status: 'shipped',
      items: ['3× Office chair'],
      totalCzk: 17970,
      tracking: 'CZ120187981',
    });
  });

  it('gives other contacts other orders, one to three, tracked once they leave the warehouse', () => {
    const contacts = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const numbers = new Set(contacts.map((id) => ordersFor(id)[0].number));
    expect(numbers.size).toBeGreaterThan(40);
    for (const order of contacts.flatMap((id) => ordersFor(id))) {
      expect(order.number).toMatch(/^ORD-\d{5}$/);
      expect(order.totalCzk).toBeGreaterThan(0);
      expect(order.tracking === undefined).toBe(order.status === 'processing');
    }
    const counts = new Set(contacts.map((id) => ordersFor(id).length));
    expect([...counts].sort()).toEqual([1, 2, 3]);
  });
});
