import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Email, RemoteImages } from '@switchboard/contracts';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { deliver, listenInbound, rawMessage } from './inbound-test-kit';
import { fetchRemoteImage, isPublicAddress, RemoteImageError } from './remote-image-fetch';
import type { InboundSmtpListener } from './smtp-listener';

// Issue 13: a received body's remote images stay blocked until an agent allows them for the
// email; then mail fetches them, so the agent's browser never contacts the sender's server.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f9a1b50000000049454e44ae426082', 'hex');

let images: Server;
let imageBase: string;
let ctx: MailTestContext;
let listener: InboundSmtpListener;
const queueId = randomUUID();
const otherQueue = randomUUID();
const support = 'support@images.test';

beforeAll(async () => {
  images = createServer((request, response) => {
    if (request.url === '/logo.png') return response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (request.url === '/moved') return response.writeHead(302, { location: '/logo.png' }).end();
    response.writeHead(200, { 'content-type': 'image/png' }).end('<html>not an image</html>');
  });
  images.listen(0, '127.0.0.1');
  await once(images, 'listening');
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  // The image server is on loopback, which mail refuses outside tests.
  ctx = await createMailTestContext({ remoteImages: { allowPrivateAddresses: true } });
  await ctx.addQueue({ id: queueId, name: 'Support', fromAddress: support });
  listener = await listenInbound(ctx);
});

afterAll(async () => {
  await listener?.close();
  await ctx?.close();
  images?.close();
});

const agent = () => ctx.auth({ sub: randomUUID(), queues: [queueId] });

/** Delivers an HTML message and answers the recorded email's id. */
async function received(html: string): Promise<string> {
  const messageId = `<${randomUUID()}@example.net>`;
  const raw = rawMessage({ to: support, subject: 'Look at this', messageId, body: html, headers: ['Content-Type: text/html; charset=utf-8'] });
  expect(await deliver(listener.port, raw, support)).toMatchObject({ accepted: true });
  await ctx.app.inboundSpool.processNow();
  const [row] = await ctx.app.orm.em.fork().execute<{ id: string }[]>('select id from mail.email where message_id = ?', [messageId]);
  return row!.id;
}

describe('remote images of a received email', () => {
  it('holds them back, and shows them through mail once the agent allows them, remembered for the email', async () => {
    const id = await received(`<p>Hello</p><img src="${imageBase}/logo.png" alt="Logo"><img src="${imageBase}/moved">`);
    const headers = await agent();
    const email = (await ctx.inject({ url: `/emails/${id}`, headers })).json<Email>();
    expect(email.html.trim()).toBe('<p>Hello</p><img src="remote:0" alt="Logo" /><img src="remote:1" />');
    expect((await ctx.inject({ url: `/emails/${id}/remote-images`, headers })).json<RemoteImages>()).toEqual({ count: 2, allowed: false });
    const blocked = await ctx.inject({ url: `/emails/${id}/remote-images/0`, headers });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toMatchObject({ code: 'REMOTE_IMAGES_BLOCKED' });

    const allowed = await ctx.inject({ method: 'PUT', url: `/emails/${id}/remote-images`, headers });
    expect(allowed.json<RemoteImages>()).toEqual({ count: 2, allowed: true });
    // Another agent of the queue opening it later sees them too.
    expect((await ctx.inject({ url: `/emails/${id}/remote-images`, headers: await agent() })).json<RemoteImages>()).toEqual({ count: 2, allowed: true });
    for (const position of [0, 1]) {
      const image = await ctx.inject({ url: `/emails/${id}/remote-images/${position}`, headers });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.rawPayload.equals(PNG)).toBe(true);
    }
    const missing = await ctx.inject({ url: `/emails/${id}/remote-images/7`, headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'REMOTE_IMAGE_NOT_FOUND' });
  });

  it('keeps scripts, handlers and a forged remote: source out of the stored body', async () => {
    const id = await received(
      `<p>Hi</p><img src="${imageBase}/logo.png" onerror="alert(1)"><img src="remote:0"><script>alert(2)</script><a href="javascript:alert(3)">x</a><svg onload="alert(4)"></svg>`,
    );
    const email = (await ctx.inject({ url: `/emails/${id}`, headers: await agent() })).json<Email>();
    expect(email.html.trim()).toBe('<p>Hi</p><img src="remote:0" /><a rel="noopener noreferrer nofollow" target="_blank">x</a>');
    expect((await ctx.inject({ url: `/emails/${id}/remote-images`, headers: await agent() })).json<RemoteImages>()).toEqual({ count: 1, allowed: false });
  });

  it("answers another queue's agent as for any email they may not read", async () => {
    const id = await received(`<img src="${imageBase}/logo.png">`);
    const outsider = await ctx.auth({ sub: randomUUID(), queues: [otherQueue] });
    for (const request of [
      { url: `/emails/${id}/remote-images` },
      { method: 'PUT' as const, url: `/emails/${id}/remote-images` },
      { url: `/emails/${id}/remote-images/0` },
    ]) {
      const res = await ctx.inject({ ...request, headers: outsider });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'EMAIL_FORBIDDEN' });
    }
    expect((await ctx.inject({ url: `/emails/${id}/remote-images`, headers: await agent() })).json<RemoteImages>()).toEqual({ count: 1, allowed: false });
  });

  it('answers 502 REMOTE_IMAGE_UNAVAILABLE for an address that is not an image', async () => {
    const id = await received(`<img src="${imageBase}/page.html">`);
    const headers = await agent();
    await ctx.inject({ method: 'PUT', url: `/emails/${id}/remote-images`, headers });
    const res = await ctx.app.inject({ url: `/emails/${id}/remote-images/0`, headers });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'REMOTE_IMAGE_UNAVAILABLE' });
  });

  it('answered nothing else with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});

describe('fetchRemoteImage outside tests', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0'])(
    'counts %s as private',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );

  it('counts a public address as public', () => {
    expect(isPublicAddress('93.184.216.34')).toBe(true);
    expect(isPublicAddress('2606:2800:220:1:248:1893:25c8:1946')).toBe(true);
  });

  it('never connects to loopback, by address or by a name resolving to it', async () => {
    const port = (images.address() as AddressInfo).port;
    for (const address of [`http://127.0.0.1:${port}/logo.png`, `http://localhost:${port}/logo.png`, `http://[::1]:${port}/logo.png`, 'ftp://example.com/a.png']) {
      await expect(fetchRemoteImage(address)).rejects.toBeInstanceOf(RemoteImageError);
    }
  });
});
