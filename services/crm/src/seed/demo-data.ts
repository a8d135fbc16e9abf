import {
  createDemoPrng,
  DEMO,
  DEMO_SEED,
  demoId,
  demoInboundEmails,
  generateDemoPeople,
  type ActivityDirection,
  type ActivityKind,
  type Address,
  type CalendarEventKind,
  type ContactEmail,
  type ContactPhone,
  type DemoContact,
  type DemoPrng,
} from '@switchboard/contracts';

/** A demo company as the seed inserts it. */
export interface SeedCompany {
  id: string;
  name: string;
  ico: string | null;
  vatId: string | null;
  domains: string[];
  addresses: Address[];
  slaRef: string;
  ownerId: string;
  teamId: string;
}

/** A demo contact as the seed inserts it. */
export interface SeedContact {
  id: string;
  name: string;
  title: string | null;
  emails: ContactEmail[];
  phones: ContactPhone[];
  companyId: string | null;
  companyName: string | null;
  notes: string | null;
  notesPrivate: boolean;
  ownerId: string;
  teamId: string;
}

/** A demo activity. */
export interface SeedActivity {
  id: string;
  contactId: string;
  kind: ActivityKind;
  direction: ActivityDirection | null;
  occurredAt: Date;
  title: string;
  body: string | null;
  private: boolean;
  authorId: string | null;
  teamId: string | null;
  /** Where it came from, e.g. `/emails/<id>` for an email. */
  link: string | null;
  /** The key events from other services record it under (`email:<id>:in`), so they add no copy. */
  externalKey: string | null;
}

/** A demo calendar event. */
export interface SeedEvent {
  id: string;
  ownerId: string;
  kind: CalendarEventKind;
  title: string;
  startsAt: Date;
  endsAt: Date;
  contactId: string | null;
}

/** Everything the CRM seed inserts. */
export interface CrmDemoData {
  companies: SeedCompany[];
  contacts: SeedContact[];
  activities: SeedActivity[];
  events: SeedEvent[];
}

/** The CRM's own draws (numbers, titles, activities) come from a source apart from the people's. */
const CRM_SEED = 0x63726d;
const DAY = 86_400_000;
const HOUR = 3_600_000;

const STREETS = ['Na Příkopě', 'Vinohradská', 'Husova', 'Masarykova', 'Nádražní', 'Palackého', 'High Street', 'Station Road', 'Hauptstraße'];
const CITIES: Record<string, { city: string; postalCode: string }[]> = {
  CZ: [{ city: 'Praha', postalCode: '110 00' }, { city: 'Brno', postalCode: '602 00' }, { city: 'Ostrava', postalCode: '702 00' }, { city: 'Plzeň', postalCode: '301 00' }],
  GB: [{ city: 'London', postalCode: 'EC1A 1BB' }, { city: 'Manchester', postalCode: 'M1 1AE' }],
  DE: [{ city: 'Berlin', postalCode: '10115' }, { city: 'München', postalCode: '80331' }],
  US: [{ city: 'Boston', postalCode: '02108' }, { city: 'Austin', postalCode: '73301' }],
};
const COUNTRY_OF_FORM: Record<string, string> = { 's.r.o.': 'CZ', 'a.s.': 'CZ', 'Ltd.': 'GB', GmbH: 'DE', 'Inc.': 'US' };
const TITLES = ['Purchasing manager', 'Office manager', 'IT administrator', 'Accountant', 'Managing director', 'Nákupčí', 'Jednatel', 'Účetní'];
/** Czech mobile prefixes (after +420). */
const CZ_MOBILE = ['601', '602', '603', '604', '605', '606', '607', '608', '702', '720', '721', '723', '724', '728', '731', '732', '736', '737', '739', '777', '776', '775', '773'];

const digits = (prng: DemoPrng, n: number) => Array.from({ length: n }, () => prng.int(0, 9)).join('');

/** An IČO with a matching check digit. */
function makeIco(prng: DemoPrng): string {
  const body = `${prng.int(1, 9)}${digits(prng, 6)}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (8 - i), 0);
  return `${body}${(11 - (sum % 11)) % 10}`;
}

function makeAddress(prng: DemoPrng, country: string, label?: string): Address {
  const place = prng.pick(CITIES[country]!);
  return { ...(label ? { label } : {}), street: `${prng.pick(STREETS)} ${prng.int(1, 120)}`, ...place, country };
}

/** Czech mobiles; English customers get numbers of Ofcom's range kept for drama (020 7946 0xxx). */
function makePhones(prng: DemoPrng, contact: DemoContact): ContactPhone[] {
  const london = () => `+442079460${digits(prng, 3)}`;
  const phones: ContactPhone[] =
    contact.people === 'english'
      ? [{ number: london(), label: 'home', primary: true }]
      : [{ number: `+420${prng.pick(CZ_MOBILE)}${digits(prng, 6)}`, label: 'mobile', primary: true }];
  if (contact.company && prng.chance(0.4)) {
    const work = contact.people === 'english' ? london() : `+4202${digits(prng, 8)}`;
    if (work !== phones[0]!.number) phones.push({ number: work, label: 'work', primary: false });
  }
  return phones;
}

const ACTIVITY_TEMPLATES: { kind: ActivityKind; direction: ActivityDirection | null; title: string }[] = [
  { kind: 'call', direction: 'in', title: 'Called about the order status' },
  { kind: 'call', direction: 'out', title: 'Called back about the refund' },
  { kind: 'call', direction: 'out', title: 'Zpětné volání k reklamaci' },
  { kind: 'note', direction: null, title: 'Prefers email over phone' },
  { kind: 'note', direction: null, title: 'Discount agreed for the next order' },
  { kind: 'meeting', direction: 'out', title: 'Product demo' },
  { kind: 'meeting', direction: 'in', title: 'Schůzka k obnovení smlouvy' },
  { kind: 'task', direction: null, title: 'Send the corrected invoice' },
  { kind: 'task', direction: null, title: 'Check the courier claim' },
];

/**
 * The CRM part of the demo: the companies and contacts the tickets seed names (ids and names
 * from `generateDemoPeople`), with IČO, VAT ids, addresses, numbers and notes; activities of the
 * first 120 contacts over the past three months, and the demo's inbound emails on their senders'
 * records (demoInboundEmails); the demo agents' calendars around `now`.
 * The same every time apart from the timestamps, which follow `now`.
 */
export function generateCrmDemoData(now: Date = new Date()): CrmDemoData {
  const people = generateDemoPeople(createDemoPrng(DEMO_SEED));
  const prng = createDemoPrng(CRM_SEED);
  const support = DEMO.teams.support.id;
  const billing = DEMO.teams.billing.id;

  const companies = people.companies.map((company): SeedCompany => {
    const country = COUNTRY_OF_FORM[company.form] ?? 'CZ';
    const ico = country === 'CZ' ? makeIco(prng) : null;
    const vatId = ico ? `CZ${ico}` : country === 'DE' ? `DE${prng.int(1, 9)}${digits(prng, 8)}` : null;
    const addresses = [makeAddress(prng, country, 'Headquarters'), ...(prng.chance(0.3) ? [makeAddress(prng, country, 'Branch')] : [])];
    return {
      id: company.id,
      name: company.name,
      ico,
      vatId,
      domains: [company.domain],
      addresses,
      slaRef: prng.weighted({ standard: 60, gold: 30, platinum: 10 }),
      ownerId: DEMO.users.agent.id,
      teamId: prng.chance(0.85) ? support : billing,
    };
  });

  const contacts = people.contacts.map((contact): SeedContact => {
    const billingOwned = prng.chance(0.15);
    const notes = prng.chance(0.3) ? prng.pick(['VIP customer, answer within the hour.', 'Orders every month.', 'Sensitive about delivery times.', 'Má rozpracovanou reklamaci.']) : null;
    return {
      id: contact.id,
      name: contact.name,
      title: contact.company && prng.chance(0.6) ? prng.pick(TITLES) : null,
      emails: [
        { address: contact.email, primary: true },
        ...(contact.sharedEmail ? [{ address: contact.sharedEmail, primary: false }] : []),
      ],
      phones: makePhones(prng, contact),
      companyId: contact.company?.id ?? null,
      companyName: contact.company?.name ?? null,
      notes,
      notesPrivate: notes !== null && billingOwned,
      ownerId: billingOwned ? DEMO.users.billing.id : DEMO.users.agent.id,
      teamId: billingOwned ? billing : support,
    };
  });

  const activities = contacts.slice(0, 120).flatMap((contact, c) =>
    Array.from({ length: prng.int(2, 6) }, (_, i): SeedActivity => {
      const template = prng.pick(ACTIVITY_TEMPLATES);
      const byBilling = contact.teamId === billing;
      return {
        id: demoId(`activity:${c}:${i}`),
        contactId: contact.id,
        ...template,
        occurredAt: new Date(now.getTime() - prng.next() * 90 * DAY),
        body: template.kind === 'note' ? `${template.title}.` : null,
        // Billing's notes on its own customers stay within Billing.
        private: template.kind === 'note' && byBilling,
        authorId: byBilling ? DEMO.users.billing.id : DEMO.users.agent.id,
        teamId: byBilling ? billing : support,
        link: null,
        externalKey: null,
      };
    }),
  );

  // The demo's inbound emails, on their senders' records as mail's email.received events record them.
  const emailActivities = demoInboundEmails(people).flatMap((email): SeedActivity[] =>
    email.contact
      ? [
          {
            id: demoId(`activity:email:${email.n}`),
            contactId: email.contact.id,
            kind: 'email',
            direction: 'in',
            occurredAt: new Date(now.getTime() - email.hoursAgo * HOUR),
            title: email.topic.subject,
            body: null,
            private: false,
            authorId: null,
            teamId: null,
            link: `/emails/${email.id}`,
            externalKey: `email:${email.id}:in`,
          },
        ]
      : [],
  );

  // Working hours around today, for the demo agent and the billing agent.
  const startOfDay = new Date(now);
  startOfDay.setUTCHours(0, 0, 0, 0);
  const events = [DEMO.users.agent.id, DEMO.users.billing.id].flatMap((ownerId, owner) =>
    Array.from({ length: owner === 0 ? 18 : 6 }, (_, i): SeedEvent => {
      const contact = prng.pick(contacts);
      const kind = prng.weighted({ callback: 50, meeting: 25, 'follow-up': 25 });
      const startsAt = new Date(startOfDay.getTime() + prng.int(-10, 25) * DAY + prng.int(7, 16) * HOUR + prng.pick([0, 30]) * 60_000);
      const title = kind === 'callback' ? `Call back ${contact.name}` : kind === 'meeting' ? `Meeting with ${contact.name}` : `Follow up: ${contact.name}`;
      return {
        id: demoId(`event:${owner}:${i}`),
        ownerId,
        kind,
        title,
        startsAt,
        endsAt: new Date(startsAt.getTime() + (kind === 'meeting' ? 60 : 30) * 60_000),
        contactId: contact.id,
      };
    }),
  );
  return { companies, contacts, activities: [...activities, ...emailActivities], events };
}
