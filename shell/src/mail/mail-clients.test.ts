import type { DevMailMessage, DevMailSummary, Email, EmailSummary } from '@switchboard/contracts';
import { DevMailClient } from './dev-mail-client';
import { MailClient } from './mail-client';

/** Records requests and answers each with the next canned response. */
function recordingFetch(...answers: Array<() => Response>) {
  const requests: Array<{ url: string; method: string; authorization: string | null; body: string | null }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    requests.push({
      url: String(input).replace(/^https?:\/\/[^/]+/, ''),
      method: init.method ?? 'GET',
      authorization: headers.get('authorization'),
      body: typeof init.body === 'string' ? init.body : null,
    });
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected request');
    return answer();
  }) as typeof fetch;
  return { fetch: fetchImpl, requests };
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const tokens = { getToken: async (audience: string) => `${audience}-token` };

const at = '2026-03-02T09:00:00.000Z';
/** A blank draft as the mail service answers it. */
const blankDraft: Email = {
  id: '0a7e0000-0000-4000-8000-0000000000e1',
  version: 1,
  direction: 'outbound',
  status: 'draft',
  queueId: null,
  ticket: null,
  contactId: null,
  from: null,
  to: [],
  cc: [],
  bcc: [],
  subject: '',
  html: '',
  important: false,
  postponed: false,
  replyTo: null,
  attachments: [],
  attachmentBytes: 0,
  messageId: null,
  sentAt: null,
  smtpResponse: null,
  failure: null,
  releaseAt: null,
  heldAt: null,
  createdAt: at,
  updatedAt: at,
};
/** A postponed draft as a list row. */
const postponedRow: EmailSummary = {
  id: '0a7e0000-0000-4000-8000-0000000000e2',
  direction: 'outbound',
  status: 'draft',
  from: null,
  to: [{ address: 'jana@customer.test' }],
  subject: 'Refund',
  preview: '',
  important: false,
  postponed: true,
  ticket: null,
  attachmentCount: 0,
  updatedAt: at,
  sentAt: null,
};

describe('MailClient', () => {
  it('creates a blank draft and lists the postponed folder with a mail token', async () => {
    const http = recordingFetch(json(201, blankDraft), json(200, { items: [postponedRow] }));
    const client = new MailClient(tokens, { fetch: http.fetch });

    expect(await client.createDraft()).toEqual(blankDraft);
    expect(await client.postponed()).toEqual([postponedRow]);
    expect(http.requests).toEqual([
      { url: '/api/mail/drafts', method: 'POST', authorization: 'Bearer mail-token', body: '{}' },
      { url: '/api/mail/emails?folder=postponed&limit=100', method: 'GET', authorization: 'Bearer mail-token', body: null },
    ]);
  });

  it('rejects with the service error', async () => {
    const http = recordingFetch(json(403, { code: 'QUEUE_FORBIDDEN', message: 'no' }));
    await expect(new MailClient(tokens, { fetch: http.fetch }).createDraft()).rejects.toMatchObject({ status: 403, code: 'QUEUE_FORBIDDEN' });
  });

  it('refuses an answer outside the mail contract', async () => {
    const http = recordingFetch(json(201, { id: 'e1' }));
    await expect(new MailClient(tokens, { fetch: http.fetch, validate: true }).createDraft()).rejects.toMatchObject({
      code: 'CONTRACT_MISMATCH',
    });
  });
});

describe('DevMailClient', () => {
  const summary: DevMailSummary = {
    id: 'm1',
    receivedAt: '2026-01-10T09:00:00.000Z',
    from: [{ address: 'agent@demo.test', name: 'Agent' }],
    to: [{ address: 'customer@example.com', name: '' }],
    cc: [],
    subject: 'x',
    messageId: null,
    size: 18,
    attachments: [],
  };
  const message: DevMailMessage = { ...summary, envelope: { from: 'agent@demo.test', to: ['customer@example.com'] }, html: '<p>x</p>', text: null, headers: {} };

  it('is available when the sink answers its public health check, not on 404 or a network error', async () => {
    const http = recordingFetch(json(200, { status: 'ok' }), json(404, { code: 'NOT_FOUND' }), () => {
      throw new TypeError('offline');
    });
    const client = new DevMailClient(tokens, { fetch: http.fetch });
    expect([await client.available(), await client.available(), await client.available()]).toEqual([true, false, false]);
    expect(http.requests.map((r) => [r.url, r.authorization])).toEqual(Array(3).fill(['/api/dev-mail/health', null]));
  });

  it('lists, reads, downloads and clears with a mail token', async () => {
    const http = recordingFetch(
      json(200, { items: [summary] }),
      json(200, message),
      () => new Response('Subject: x\r\n\r\nbody', { status: 200, headers: { 'content-type': 'message/rfc822' } }),
      () => new Response(null, { status: 204 }),
    );
    const client = new DevMailClient(tokens, { fetch: http.fetch });
    expect(await client.list()).toEqual([summary]);
    expect(await client.message('m1')).toEqual(message);
    expect(await (await client.raw('m1')).text()).toBe('Subject: x\r\n\r\nbody');
    await client.clear();
    expect(http.requests.map((r) => `${r.method} ${r.url} ${r.authorization}`)).toEqual([
      'GET /api/dev-mail/messages Bearer mail-token',
      'GET /api/dev-mail/messages/m1 Bearer mail-token',
      'GET /api/dev-mail/messages/m1/raw Bearer mail-token',
      'DELETE /api/dev-mail/messages Bearer mail-token',
    ]);
  });
});
