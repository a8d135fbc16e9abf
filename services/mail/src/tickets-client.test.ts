import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTicketsClient, type TicketsClient } from './tickets-client';

// A real HTTP server standing in for tickets, answering per path.
let server: Server;
let client: TicketsClient;
let baseUrl: string;
const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];
const answers: Record<string, (res: ServerResponse) => void> = {};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      const answer = answers[`${req.method} ${req.url}`];
      if (answer) answer(res);
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"EMAIL_NOT_LINKED"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  client = createTicketsClient({ baseUrl, getToken: async () => 'token-1' });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (status: number, body: unknown) => (res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('createTicketsClient', () => {
  it('sends the token and the JSON body, and reads the answer', async () => {
    answers['PUT /emails/e1/ticket'] = json(200, { emailId: 'e1', ticket: { id: 't1' }, linkedAt: 'now', linkedBy: 'service:mail' });
    const link = await client.linkEmail('e1', 't1');
    expect(link?.ticket.id).toBe('t1');
    expect(seen.at(-1)).toEqual({ method: 'PUT', url: '/emails/e1/ticket', authorization: 'Bearer token-1', body: '{"ticketId":"t1"}' });
  });

  it('answers null for a 404', async () => {
    expect(await client.getEmailTicket('e2')).toBeNull();
    expect(await client.getTicket('t404')).toBeNull();
  });

  it('turns other answers into 503 TICKETS_UNAVAILABLE', async () => {
    answers['GET /tickets/t500'] = json(500, { code: 'INTERNAL_ERROR' });
    answers['PUT /emails/e403/outbound'] = json(403, { code: 'SERVICE_REQUIRED' });
    await expect(client.getTicket('t500')).rejects.toMatchObject({ statusCode: 503, code: 'TICKETS_UNAVAILABLE' });
    const body = { keepLinksBy: ['service:mail'], create: { id: 't403', title: 'x', assigneeId: 'a1' } };
    await expect(client.fileOutboundEmail('e403', body)).rejects.toMatchObject({ statusCode: 503, code: 'TICKETS_UNAVAILABLE' });
    // Only a broken connection or a 502 is tried again, even where repeating is safe.
    expect(seen.filter((request) => request.url === '/emails/e403/outbound')).toHaveLength(1);
  });

  it('gives up after its timeout, without trying again (the call may still be running)', async () => {
    answers['GET /tickets/slow'] = () => undefined;
    const impatient = createTicketsClient({ baseUrl, getToken: async () => 'token-1', timeoutMs: 200 });
    await expect(impatient.getTicket('slow')).rejects.toMatchObject({ statusCode: 503, code: 'TICKETS_UNAVAILABLE' });
    expect(seen.filter((request) => request.url === '/tickets/slow')).toHaveLength(1);
  });

  describe('a replica that dies mid-call (the gateway answers 502, or the connection breaks)', () => {
    /** Answers `first` to the first request of a path, then `then` to every later one. */
    const once = (first: (res: ServerResponse) => void, then: (res: ServerResponse) => void) => {
      let calls = 0;
      return (res: ServerResponse) => (calls++ === 0 ? first : then)(res);
    };
    const badGateway = json(502, { code: 'BAD_GATEWAY' });
    const broken = (res: ServerResponse) => res.socket?.destroy();
    const ticket = { id: '6c0d7a52-5d3b-5e4f-8a1b-2c3d4e5f6a7b', number: 7 };
    const calls = (method: string, url: string) => seen.filter((request) => request.method === method && request.url === url).length;

    it('tries a read and a link once more and answers the second try', async () => {
      answers['GET /tickets/t502'] = once(badGateway, json(200, ticket));
      answers['PUT /emails/e502/ticket'] = once(broken, json(200, { emailId: 'e502', ticket, linkedAt: 'now', linkedBy: 'service:mail' }));
      expect(await client.getTicket('t502')).toMatchObject(ticket);
      expect(await client.linkEmail('e502', ticket.id)).toMatchObject({ ticket });
      expect(calls('GET', '/tickets/t502')).toBe(2);
      expect(calls('PUT', '/emails/e502/ticket')).toBe(2);
    });

    it('repeats filing a sent email after a 502, and filing received emails never', async () => {
      const link = { emailId: 'e-out-502', ticket, linkedAt: 'now', linkedBy: 'service:mail' };
      answers['PUT /emails/e-out-502/outbound'] = once(badGateway, json(200, { link, created: true }));
      answers['POST /emails/inbound/batch'] = badGateway;
      await expect(client.fileInboundEmails([])).rejects.toMatchObject({ statusCode: 503, code: 'TICKETS_UNAVAILABLE' });
      expect(calls('POST', '/emails/inbound/batch')).toBe(1);

      const body = { keepLinksBy: ['service:mail'], create: { id: ticket.id, title: 'Refund', assigneeId: ticket.id } };
      expect(await client.fileOutboundEmail('e-out-502', body)).toEqual({ link, created: true });
      expect(calls('PUT', '/emails/e-out-502/outbound')).toBe(2);
    });

    it('tries filing a sent email once more (its new ticket\'s id is fixed), and a 404 is no answer there', async () => {
      const link = { emailId: 'e-out', ticket, linkedAt: 'now', linkedBy: 'service:mail' };
      answers['PUT /emails/e-out/outbound'] = once(broken, json(200, { link, created: true }));
      const body = { keepLinksBy: ['service:mail'], create: { id: ticket.id, title: 'Refund', assigneeId: ticket.id } };
      expect(await client.fileOutboundEmail('e-out', body)).toEqual({ link, created: true });
      expect(calls('PUT', '/emails/e-out/outbound')).toBe(2);
      expect(JSON.parse(seen.at(-1)!.body)).toEqual(body);
      await expect(client.fileOutboundEmail('e-404', body)).rejects.toMatchObject({ statusCode: 503, code: 'TICKETS_UNAVAILABLE' });
    });

    it('tries only once more: a second 502 is the answer', async () => {
      answers['GET /tickets/down'] = badGateway;
      await expect(client.getTicket('down')).rejects.toMatchObject({ statusCode: 503, message: expect.stringContaining('502') });
      expect(calls('GET', '/tickets/down')).toBe(2);
    });
  });

  it('is unavailable when the token cannot be had or nothing listens', async () => {
    const noToken = createTicketsClient({ baseUrl: 'http://127.0.0.1:1', getToken: () => Promise.reject(new Error('identity down')) });
    await expect(noToken.getTicket('t')).rejects.toMatchObject({ statusCode: 503, message: expect.stringContaining('identity down') });
    const nobody = createTicketsClient({ baseUrl: 'http://127.0.0.1:1', getToken: async () => 't' });
    await expect(nobody.getEmailTicket('e')).rejects.toMatchObject({ statusCode: 503 });
  });
});
