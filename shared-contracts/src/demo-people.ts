import { demoId } from './demo-ids';

// The demo's customers: the companies and contacts that the tickets seed names on its tickets
// and the CRM seeds as records, generated here once so that both agree on ids and names.

/** A seeded pseudo-random source: the same seed always gives the same demo data. */
export interface DemoPrng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One key, chosen with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast and good enough for demo data (not for secrets). */
export function createDemoPrng(seed: number): DemoPrng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (weights) => {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, weight] of entries) {
        roll -= weight;
        if (roll < 0) return key;
      }
      return entries[entries.length - 1]![0];
    },
    chance: (p) => next() < p,
  };
}

/** The seed of the demo's PRNG: the people are drawn first, then the tickets seed draws on. */
export const DEMO_SEED = 20240501;

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

/** How many demo customers there are. */
export interface DemoPeopleSize {
  contacts: number;
  companies: number;
}

/** The demo's 400 contacts in 80 companies. */
export const DEMO_PEOPLE_SIZE: DemoPeopleSize = { contacts: 400, companies: 80 };

/** A demo company: id `demoId('company:<index>')`, email domain unique among the companies. */
export interface DemoCompany {
  id: string;
  index: number;
  name: string;
  /** Legal form, the last word of the name (`s.r.o.`). */
  form: string;
  domain: string;
}

/** A demo contact: id `demoId('contact:<index>')`; a fifth are private customers. */
export interface DemoContact {
  id: string;
  index: number;
  name: string;
  /** Which name list the contact comes from. */
  people: 'men' | 'women' | 'english';
  company: DemoCompany | null;
  /** Primary address, unique among the contacts (`jana.novakova@customer.example`). */
  email: string;
  /** An address the contact shares with a colleague (C6: one address, several contacts), or null. */
  sharedEmail: string | null;
}

/** The demo's customers. */
export interface DemoPeople {
  companies: DemoCompany[];
  contacts: DemoContact[];
  /** Addresses that two contacts each have (C6). */
  sharedEmails: string[];
}

/** Lowercase ASCII letters and digits of a name, words joined by `sep` (`Nováková` → `novakova`). */
export function asciiWords(name: string, sep: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(sep);
}

/** Domains of private customers, by contact index. */
const PRIVATE_DOMAINS = ['customer.example', 'example.org', 'example.net', 'example.com'];

/** How many companies get a shared office address for two of their contacts. */
const SHARED_ADDRESS_COMPANIES = 3;

function unique(wanted: string, taken: Set<string>): string {
  let candidate = wanted;
  for (let n = 2; taken.has(candidate); n++) candidate = wanted.replace(/(@|\.example$)/, `${n}$1`);
  taken.add(candidate);
  return candidate;
}

/**
 * Draws the demo's companies and contacts from `prng`, exactly as many numbers as the tickets
 * seed always drew for them, so that it can go on drawing its tickets from the same source.
 * Addresses and domains follow from the names, drawing nothing.
 */
export function generateDemoPeople(prng: DemoPrng, size: DemoPeopleSize = DEMO_PEOPLE_SIZE): DemoPeople {
  const names = new Set<string>();
  while (names.size < size.companies) {
    names.add(`${prng.pick(COMPANY_STEMS)} ${prng.pick(COMPANY_TRADES)} ${prng.pick(COMPANY_FORMS)}`);
  }
  const domains = new Set<string>();
  const companies = [...names].map((name, index): DemoCompany => {
    const form = name.split(' ').pop()!;
    const domain = unique(`${asciiWords(name.slice(0, -form.length), '-')}.example`, domains);
    return { id: demoId(`company:${index}`), index, name, form, domain };
  });

  const emails = new Set<string>();
  const contacts = Array.from({ length: size.contacts }, (_, index): DemoContact => {
    const people = prng.weighted({ men: 35, women: 35, english: 30 });
    const pool = people === 'men' ? CZECH_MEN : people === 'women' ? CZECH_WOMEN : ENGLISH;
    const name = `${prng.pick(pool.first)} ${prng.pick(pool.last)}`;
    const company = prng.chance(0.8) ? prng.pick(companies) : null;
    const domain = company?.domain ?? PRIVATE_DOMAINS[index % PRIVATE_DOMAINS.length]!;
    const email = unique(`${asciiWords(name, '.')}@${domain}`, emails);
    return { id: demoId(`contact:${index}`), index, name, people, company, email, sharedEmail: null };
  });

  // The first companies with two contacts or more: their first two share the office address.
  const sharedEmails: string[] = [];
  for (const company of companies) {
    if (sharedEmails.length === SHARED_ADDRESS_COMPANIES) break;
    const staff = contacts.filter((c) => c.company === company).slice(0, 2);
    if (staff.length < 2) continue;
    const office = `office@${company.domain}`;
    for (const contact of staff) contact.sharedEmail = office;
    sharedEmails.push(office);
  }
  return { companies, contacts, sharedEmails };
}
