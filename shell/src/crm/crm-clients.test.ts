import { TicketsClient } from '../session/tickets-client';
import { activity, COMPANY_ID, company, CONTACT_ID, contact, ticket } from './crm-pages.fixture';
import { CrmClient } from './crm-client';

/** Records requests and answers each with the next canned body. */
function recordingFetch(...bodies: unknown[]) {
  const requests: Array<{ url: string; authorization: string | null }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    requests.push({ url: String(input).replace(/^https?:\/\/[^/]+/, ''), authorization: new Headers(init.headers).get('authorization') });
    if (bodies.length === 0) throw new Error('unexpected request');
    return new Response(JSON.stringify(bodies.shift()), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetch: fetchImpl, requests };
}

const tokens = { getToken: async (audience: string) => `${audience}-token` };

describe('CrmClient', () => {
  it('reads contacts, companies, a company’s contacts and activity pages with a crm token', async () => {
    const page = { items: [activity(1, '2026-12-07T10:00')], nextCursor: 'abc' };
    const recording = recordingFetch(contact, company, { items: [], nextCursor: null }, page, page);
    const client = new CrmClient(tokens, { fetch: recording.fetch });

    expect(await client.contact(CONTACT_ID)).toEqual(contact);
    expect(await client.company(COMPANY_ID)).toEqual(company);
    await client.companyContacts(COMPANY_ID, 'next');
    expect(await client.activities(CONTACT_ID, {})).toEqual(page);
    await client.activities(CONTACT_ID, { kind: 'email', cursor: 'abc' });

    expect(recording.requests.map((r) => decodeURIComponent(r.url))).toEqual([
      `/api/crm/contacts/${CONTACT_ID}`,
      `/api/crm/companies/${COMPANY_ID}`,
      `/api/crm/contacts?companyId=${COMPANY_ID}&limit=50&cursor=next`,
      `/api/crm/contacts/${CONTACT_ID}/activities?limit=50`,
      `/api/crm/contacts/${CONTACT_ID}/activities?limit=50&kind=email&cursor=abc`,
    ]);
    expect(recording.requests.every((r) => r.authorization === 'Bearer crm-token')).toBe(true);
  });
});

describe('TicketsClient.contactTickets', () => {
  it('pages through every ticket of the contact by cursor, up to the cap', async () => {
    const first = Array.from({ length: 100 }, (_, i) => ticket(i + 1, '2026-12-01T10:00'));
    const recording = recordingFetch({ items: first, total: 130, nextCursor: 'c100' }, { items: first.slice(0, 30), total: 130, nextCursor: null });
    const client = new TicketsClient(tokens, { fetch: recording.fetch });

    expect(await client.contactTickets(CONTACT_ID)).toHaveLength(130);
    expect(recording.requests.map((r) => r.url)).toEqual([
      `/api/tickets/tickets?contactId=${CONTACT_ID}&limit=100`,
      `/api/tickets/tickets?contactId=${CONTACT_ID}&limit=100&cursor=c100`,
    ]);
    expect(recording.requests[0].authorization).toBe('Bearer tickets-token');

    const capped = new TicketsClient(tokens, { fetch: recordingFetch({ items: first, total: 130, nextCursor: 'c100' }).fetch });
    expect(await capped.contactTickets(CONTACT_ID, 50)).toHaveLength(50);
  });
});
