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
    answers['POST /tickets'] = json(403, { code: 'QUEUE_FORBIDDEN' });
    await expect(client.getTicket('t500')).rejects.toMatchObject({ statusCode: 503, code: 'TICKETS_UNAVAILABLE' });
    await expect(client.createTicket({ title: 'x' })).rejects.toMatchObject({ statusCode: 503, code: 'TICKETS_UNAVAILABLE' });
  });

  it('gives up after its timeout', async () => {
    answers['GET /tickets/slow'] = () => undefined;
    const impatient = createTicketsClient({ baseUrl, getToken: async () => 'token-1', timeoutMs: 200 });
    await expect(impatient.getTicket('slow')).rejects.toMatchObject({ statusCode: 503, code: 'TICKETS_UNAVAILABLE' });
  });

  it('is unavailable when the token cannot be had or nothing listens', async () => {
    const noToken = createTicketsClient({ baseUrl: 'http://127.0.0.1:1', getToken: () => Promise.reject(new Error('identity down')) });
    await expect(noToken.getTicket('t')).rejects.toMatchObject({ statusCode: 503, message: expect.stringContaining('identity down') });
    const nobody = createTicketsClient({ baseUrl: 'http://127.0.0.1:1', getToken: async () => 't' });
    await expect(nobody.getEmailTicket('e')).rejects.toMatchObject({ statusCode: 503 });
  });
});
