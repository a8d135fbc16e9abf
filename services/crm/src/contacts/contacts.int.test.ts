import { randomUUID } from 'node:crypto';
import type { Contact, ContactList } from '@switchboard/contracts';
import { createCrmTestContext, type CrmTestContext } from '../testing/crm-test-context';

let ctx: CrmTestContext;
const support = randomUUID();
const billing = randomUUID();
let asAgent: Record<string, string>;
let asColleague: Record<string, string>;
let asBilling: Record<string, string>;
let asAdmin: Record<string, string>;

beforeAll(async () => {
  ctx = await createCrmTestContext();
  asAgent = await ctx.auth({ sub: randomUUID(), teams: [support] });
  asColleague = await ctx.auth({ sub: randomUUID(), teams: [support] });
  asBilling = await ctx.auth({ sub: randomUUID(), teams: [billing] });
  asAdmin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
});

afterAll(async () => {
  await ctx?.close();
});

const create = async (body: Record<string, unknown>, headers = asAgent) => {
  const res = await ctx.inject({ method: 'POST', url: '/contacts', body, headers });
  expect(res.statusCode).toBe(201);
  return res.json<Contact>();
};
const get = async (id: string, headers = asAgent) => (await ctx.inject({ url: `/contacts/${id}`, headers })).json<Contact>();
const search = async (q: string, extra = '') =>
  (await ctx.inject({ url: `/contacts?q=${encodeURIComponent(q)}${extra}`, headers: asAgent })).json<ContactList>();

describe('validation', () => {
  it.each([
    ['an address that is none', { emails: [{ address: 'jana at firma.cz' }] }, 'INVALID_EMAIL', '/emails/0/address'],
    ['a number that is none', { phones: [{ number: '12' }] }, 'INVALID_PHONE', '/phones/0/number'],
    ['one address twice (case aside)', { emails: [{ address: 'a@b.cz' }, { address: ' A@B.CZ' }] }, 'DUPLICATE_EMAIL', '/emails/1/address'],
    ['one number typed twice', { phones: [{ number: '602123456' }, { number: '+420 602 123 456' }] }, 'DUPLICATE_PHONE', '/phones/1/number'],
    ['two primary addresses', { emails: [{ address: 'a@b.cz', primary: true }, { address: 'c@b.cz', primary: true }] }, 'SEVERAL_PRIMARY', '/emails/1/primary'],
  ])('answers 400 to %s, naming the field', async (_name, body, code, field) => {
    const res = await ctx.inject({ method: 'POST', url: '/contacts', body: { name: 'Jana', ...body }, headers: asAgent });
    expect([res.statusCode, res.json().code, res.json().details?.field]).toEqual([400, code, field]);
  });

  it('answers 400 to a blank name and 404 to an unknown company', async () => {
    const blank = await ctx.inject({ method: 'POST', url: '/contacts', body: { name: '   ' }, headers: asAgent });
    expect([blank.statusCode, blank.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const company = await ctx.inject({ method: 'POST', url: '/contacts', body: { name: 'Jana', companyId: randomUUID() }, headers: asAgent });
    expect([company.statusCode, company.json().code]).toEqual([404, 'COMPANY_NOT_FOUND']);
  });
});

describe('addresses and numbers', () => {
  it('shows addresses as typed with the primary first, numbers in E.164', async () => {
    const contact = await create({
      name: 'Petr Svoboda',
      emails: [{ address: ' Petr@Home.Example' }, { address: 'P.Svoboda@Work.Example', primary: true }],
      phones: [{ number: '00420 731 000 111', label: 'mobile' }, { number: '+44 20 7946 0958', label: 'work' }],
    });
    expect(contact.emails).toEqual([
      { address: 'P.Svoboda@Work.Example', primary: true },
      { address: 'Petr@Home.Example', primary: false },
    ]);
    expect(contact.phones).toEqual([
      { number: '+420731000111', label: 'mobile', primary: true },
      { number: '+442079460958', label: 'work', primary: false },
    ]);
  });

  it('matches every contact sharing an address, ignoring case and spaces, and by any typing of a number', async () => {
    const a = await create({ name: 'Eva Dvořáková', emails: [{ address: 'eva@shared.example' }], phones: [{ number: '777 111 222' }] });
    const b = await create({ name: 'Adam Dvořák', emails: [{ address: 'adam@x.example' }, { address: 'EVA@shared.example' }] });
    const match = async (query: string) => (await ctx.inject({ url: `/contacts/match?${query}`, headers: asAgent })).json();
    expect((await match('email=%20Eva@Shared.Example%20')).items.map((c: Contact) => c.id)).toEqual([b.id, a.id]);
    expect((await match('email=adam@x.example')).items.map((c: Contact) => c.id)).toEqual([b.id]);
    expect((await match(`phone=${encodeURIComponent('+420777111222')}`)).items.map((c: Contact) => c.id)).toEqual([a.id]);
    expect((await match('phone=777-111-222')).items.map((c: Contact) => c.id)).toEqual([a.id]);
    expect((await match('email=nobody@x.example')).items).toEqual([]);
  });

  it('answers 400 to a match with no key, both keys or a number that is none', async () => {
    for (const [query, code] of [['', 'MATCH_KEY_REQUIRED'], ['email=a@b.cz&phone=602123456', 'MATCH_KEY_REQUIRED'], ['phone=abc', 'INVALID_PHONE']]) {
      const res = await ctx.inject({ url: `/contacts/match?${query}`, headers: asAgent });
      expect([query, res.statusCode, res.json().code]).toEqual([query, 400, code]);
    }
  });

  it('stops matching an address once it is removed from the contact', async () => {
    const contact = await create({ name: 'Old Address', emails: [{ address: 'old@move.example' }] });
    await ctx.inject({ method: 'PATCH', url: `/contacts/${contact.id}`, body: { version: 1, emails: [{ address: 'new@move.example' }] }, headers: asAgent });
    expect((await ctx.inject({ url: '/contacts/match?email=old@move.example', headers: asAgent })).json().items).toEqual([]);
    expect((await ctx.inject({ url: '/contacts/match?email=new@move.example', headers: asAgent })).json().items).toHaveLength(1);
  });
});

describe('search', () => {
  let company: { id: string; version: number };
  let jana: Contact;

  beforeAll(async () => {
    company = (await ctx.inject({ method: 'POST', url: '/companies', body: { name: 'Šumava Foods a.s.' }, headers: asAgent })).json();
    jana = await create({
      name: 'Jana Nováková',
      emails: [{ address: 'jana.novakova@customer.example' }],
      phones: [{ number: '602 555 019' }],
      companyId: company.id,
    });
  });

  it('ignores diacritics and case in the name, both ways', async () => {
    for (const q of ['novakova', 'NOVÁKOVÁ', 'Nováková', 'jana novak', 'ovako']) {
      expect([q, (await search(q)).items.map((c) => c.id)]).toEqual([q, [jana.id]]);
    }
  });

  it('finds by address, number (as typed) and company name', async () => {
    for (const q of ['customer.example', 'jana.novakova@', '602555019', '+420 602 555 019', 'sumava', 'Šumava foods']) {
      expect([q, (await search(q)).items.map((c) => c.id)]).toContainEqual([jana.id]);
    }
  });

  it("finds a contact under its company's new name after a rename", async () => {
    const renamed = await ctx.inject({ method: 'PATCH', url: `/companies/${company.id}`, body: { version: 1, name: 'Krkonoše Foods a.s.' }, headers: asAgent });
    expect(renamed.statusCode).toBe(200);
    expect((await search('krkonose')).items.map((c) => c.id)).toEqual([jana.id]);
    expect((await get(jana.id)).company).toEqual({ id: company.id, name: 'Krkonoše Foods a.s.' });
  });

  it('takes wildcards literally', async () => {
    expect((await search('%')).items).toEqual([]);
    expect((await search('n_v')).items).toEqual([]);
  });

  it("lists a company's contacts", async () => {
    const list = (await ctx.inject({ url: `/contacts?companyId=${company.id}`, headers: asAgent })).json<ContactList>();
    expect(list.items.map((c) => c.id)).toEqual([jana.id]);
  });

  it('pages by cursor through everything in name order, and refuses a forged cursor', async () => {
    const names = ['Zdeněk Král', 'Adéla Bílá', 'Ondřej Černý', 'Bára Čermáková', 'Číňan Čech'];
    for (const name of names) await create({ name: `${name} Pager` });
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: ContactList = await search('pager', `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['Adéla Bílá Pager', 'Bára Čermáková Pager', 'Číňan Čech Pager', 'Ondřej Černý Pager', 'Zdeněk Král Pager']);
    for (const forged of ['abc', Buffer.from('["x","not-a-uuid"]').toString('base64url')]) {
      const res = await ctx.inject({ url: `/contacts?cursor=${forged}`, headers: asAgent });
      expect([res.statusCode, res.json().code]).toEqual([400, 'INVALID_CURSOR']);
    }
  });

  it('lists the names that begin with the query first, then the others with its words, paging across both', async () => {
    const pavelka = await create({ name: 'Petr Pavelka' });
    const pavel = await create({ name: 'Petr Pavel' });
    // Words beginning with "petr" and "pav", but not as the name's beginning: in name order it would come first.
    const adam = await create({ name: 'Adam Pavlík', emails: [{ address: 'petr.office@pavlik.example' }] });
    expect((await search('petr pav')).items.map((c) => c.id)).toEqual([pavel.id, pavelka.id, adam.id]);

    const first = await search('petr pav', '&limit=2');
    expect([first.items.map((c) => c.id), first.nextCursor]).toEqual([[pavel.id, pavelka.id], expect.any(String)]);
    const second = await search('petr pav', `&limit=2&cursor=${first.nextCursor}`);
    expect([second.items.map((c) => c.id), second.nextCursor]).toEqual([[adam.id], null]);

    const straddling = await search('petr pav', '&limit=1');
    const next = await search('petr pav', `&limit=2&cursor=${straddling.nextCursor}`);
    expect([...straddling.items, ...next.items].map((c) => c.id)).toEqual([pavel.id, pavelka.id, adam.id]);
    expect(next.nextCursor).toBeNull();
  });
});

describe('versions (C3)', () => {
  it('answers a stale save with 409 and the current record, as drafts do', async () => {
    const contact = await create({ name: 'Lucie Černá' });
    const first = await ctx.inject({ method: 'PATCH', url: `/contacts/${contact.id}`, body: { version: 1, name: 'Lucie Černá-Nová' }, headers: asAgent });
    expect(first.json()).toMatchObject({ name: 'Lucie Černá-Nová', version: 2 });
    const stale = await ctx.inject({ method: 'PATCH', url: `/contacts/${contact.id}`, body: { version: 1, title: 'CEO' }, headers: asColleague });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CRM_VERSION_CONFLICT', details: { current: { name: 'Lucie Černá-Nová', version: 2, title: null } } });
  });

  it('lets one of two saves naming the same version win', async () => {
    const contact = await create({ name: 'Race' });
    const saves = await Promise.all(
      ['A', 'B'].map((title) => ctx.inject({ method: 'PATCH', url: `/contacts/${contact.id}`, body: { version: 1, title }, headers: asAgent })),
    );
    expect(saves.map((s) => s.statusCode).sort()).toEqual([200, 409]);
    expect((await get(contact.id)).version).toBe(2);
  });
});

describe('teams and private notes (S8)', () => {
  it("hides another team's private notes, and shows them to the team and admins", async () => {
    const contact = await create({ name: 'Tomáš Dvořák', emails: [{ address: 'tomas@private.example' }], notes: 'Owes us 20,000 CZK', notesPrivate: true });
    expect(contact).toMatchObject({ notes: 'Owes us 20,000 CZK', notesHidden: false, teamId: support, canEdit: true });
    expect(await get(contact.id, asColleague)).toMatchObject({ notes: 'Owes us 20,000 CZK', notesHidden: false, canEdit: true });
    expect(await get(contact.id, asAdmin)).toMatchObject({ notes: 'Owes us 20,000 CZK', canEdit: true });
    expect(await get(contact.id, asBilling)).toMatchObject({ name: 'Tomáš Dvořák', notes: null, notesPrivate: true, notesHidden: true, canEdit: false });
    const matched = (await ctx.inject({ url: '/contacts/match?email=tomas@private.example', headers: asBilling })).json();
    expect(matched.items).toMatchObject([{ id: contact.id, notes: null, notesHidden: true }]);
  });

  it('shows notes that are not private to everyone, and lets only insiders change the record', async () => {
    const contact = await create({ name: 'Open Notes', notes: 'Likes calls' });
    expect(await get(contact.id, asBilling)).toMatchObject({ notes: 'Likes calls', notesHidden: false, canEdit: false });
    const denied = await ctx.inject({ method: 'PATCH', url: `/contacts/${contact.id}`, body: { version: 1, notes: '' }, headers: asBilling });
    expect(denied.statusCode).toBe(403);
    const byAdmin = await ctx.inject({ method: 'PATCH', url: `/contacts/${contact.id}`, body: { version: 1, teamId: billing }, headers: asAdmin });
    expect(byAdmin.json()).toMatchObject({ teamId: billing, version: 2 });
    expect(await get(contact.id, asBilling)).toMatchObject({ canEdit: true });
    expect(await get(contact.id, asColleague)).toMatchObject({ canEdit: false });
    expect(await get(contact.id, asAgent)).toMatchObject({ canEdit: true });
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
