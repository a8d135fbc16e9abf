// Word lists the demo generator draws from: names a Czech contact center meets, and the
// requests its customers write about. Czech surnames come in male and female forms.

/** Czech men: first names and matching surnames. */
export const CZECH_MEN = {
  first: ['Jan', 'Petr', 'Tomáš', 'Martin', 'Jiří', 'Pavel', 'Lukáš', 'Jakub', 'Ondřej', 'Michal', 'David', 'Vojtěch', 'Karel', 'Filip', 'Marek', 'Zdeněk'],
  last: ['Novák', 'Svoboda', 'Novotný', 'Dvořák', 'Černý', 'Procházka', 'Kučera', 'Veselý', 'Horák', 'Němec', 'Marek', 'Pospíšil', 'Hájek', 'Jelínek', 'Král', 'Růžička', 'Beneš', 'Fiala', 'Sedláček', 'Doležal'],
};

/** Czech women: first names and matching surnames. */
export const CZECH_WOMEN = {
  first: ['Jana', 'Eva', 'Hana', 'Lenka', 'Kateřina', 'Lucie', 'Petra', 'Veronika', 'Tereza', 'Markéta', 'Barbora', 'Zuzana', 'Michaela', 'Adéla', 'Klára', 'Monika'],
  last: ['Nováková', 'Svobodová', 'Novotná', 'Dvořáková', 'Černá', 'Procházková', 'Kučerová', 'Veselá', 'Horáková', 'Němcová', 'Marková', 'Pospíšilová', 'Hájková', 'Jelínková', 'Králová', 'Růžičková', 'Benešová', 'Fialová', 'Sedláčková', 'Doležalová'],
};

/** English-speaking customers. */
export const ENGLISH = {
  first: ['Oliver', 'Emma', 'James', 'Sophie', 'William', 'Charlotte', 'Henry', 'Amelia', 'George', 'Grace', 'Thomas', 'Lucy', 'Daniel', 'Hannah', 'Samuel', 'Chloe', 'Michael', 'Olivia', 'Ethan', 'Isabella'],
  last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris'],
};

/** First words of company names. */
export const COMPANY_STEMS = [
  'Vltava', 'Morava', 'Šumava', 'Krkonoše', 'Bohemia', 'Granit', 'Lipa', 'Javor', 'Sokol', 'Orel',
  'Brightwave', 'Northgate', 'Silverline', 'Bluestone', 'Redwood', 'Oakridge', 'Summit', 'Harbour', 'Evergreen', 'Ironbridge',
  'Polaris', 'Aurora', 'Atlas', 'Vertex', 'Nexus', 'Quantum', 'Zenit', 'Delta', 'Kappa', 'Meridian',
];

/** Second words of company names: what the company does. */
export const COMPANY_TRADES = [
  'Logistics', 'Software', 'Energy', 'Foods', 'Travel', 'Retail', 'Engineering', 'Media', 'Pharma', 'Textil',
  'Stavby', 'Doprava', 'Finance', 'Telecom', 'Print', 'Auto',
];

/** Legal forms, Czech first. */
export const COMPANY_FORMS = ['s.r.o.', 'a.s.', 'Ltd.', 'GmbH', 'Inc.'];

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
