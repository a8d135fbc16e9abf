// Word lists the tickets' demo generator draws from: the requests customers write about. The
// customers' names are the contracts' (shared-contracts/src/demo-people.ts).

/** Products customers write about. */
export const PRODUCTS = ['router', 'laptop', 'phone', 'headset', 'printer', 'monitor', 'subscription', 'gift card', 'coffee machine', 'smart watch'];

/** Cities, for delivery and visit requests. */
export const CITIES = ['Praha', 'Brno', 'Ostrava', 'Plzeň', 'Olomouc', 'Liberec', 'London', 'Manchester', 'Vienna', 'Bratislava'];

/**
 * Request titles; `{order}`, `{invoice}`, `{product}` and `{city}` are filled in. Billing ones
 * go to the billing queue.
 */
export const TITLES = {
  support: [
    'Refund for order {order} not received',
    'Order {order} arrived damaged',
    'Wrong item delivered in order {order}',
    'Cannot log in to the customer portal',
    'Password reset email never arrives',
    'Delivery to {city} delayed for order {order}',
    'Please change the delivery address for order {order}',
    'My {product} stopped working after the update',
    'Warranty claim for {product}',
    'How do I return a {product}?',
    'Tracking number for order {order} does not work',
    'Request to cancel order {order}',
    'Question about {product} compatibility',
    'Complaint about courier in {city}',
    'Account locked after several login attempts',
    'Two-factor authentication codes not arriving',
    'Missing accessories in order {order}',
    'Exchange {product} for a different model',
    'Technician visit in {city} needed',
    'Feedback on your support line',
    'Nefunguje přihlášení do zákaznického portálu',
    'Reklamace zboží z objednávky {order}',
    'Objednávka {order} dosud nedorazila',
    'Žádost o vrácení peněz za objednávku {order}',
    'Poškozený {product} při doručení',
    'Změna doručovací adresy pro objednávku {order}',
    'Dotaz k záruce na {product}',
    'Zrušení objednávky {order}',
  ],
  billing: [
    'Invoice {invoice} charged twice',
    'Please send a corrected invoice {invoice}',
    'VAT number missing on invoice {invoice}',
    'Card payment failed for order {order}',
    'Refund of overpayment on invoice {invoice}',
    'Change billing details for our account',
    'Subscription renewed without notice',
    'Question about the price on invoice {invoice}',
    'Chybná částka na faktuře {invoice}',
    'Dvojí platba za objednávku {order}',
    'Prosím o opravný daňový doklad k faktuře {invoice}',
    'Změna fakturačních údajů',
  ],
} as const;
