import { type DevMailList, type DevMailMessage } from '@switchboard/contracts';
import { createTestKeys, type TestKeys } from '@switchboard/service-kit/testing';
import nodemailer from 'nodemailer';
import { startDevMailSink, type DevMailSink } from './dev-mail-sink';

let keys: TestKeys;
let sink: DevMailSink;
let mailToken: string;

beforeAll(async () => {
  keys = await createTestKeys();
  // The sink is an administrator's tool (issue 12).
  mailToken = await keys.sign({ aud: 'mail', role: 'admin' });
  sink = await startDevMailSink({ smtpPort: 0, jwksUrl: 'http://127.0.0.1:1/unused', getKey: keys.getKey });
});

afterAll(async () => {
  await sink?.stop();
});

async function api(path: string, init: RequestInit & { token?: string | null } = {}) {
  const token = init.token === undefined ? mailToken : init.token;
  return fetch(`${sink.apiUrl}${path}`, { ...init, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 2048 }, (_, i) => i % 256))]);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function send(subject: string) {
  const transport = nodemailer.createTransport({ url: sink.smtpUrl });
  try {
    return await transport.sendMail({
      from: { name: 'Support Desk', address: 'support@demo.test' },
      to: [{ name: 'Jana Nováková', address: 'jana@customer.test' }],
      cc: 'boss@customer.test',
      bcc: 'audit@demo.test',
      subject,
      text: 'Hello Jana',
      html: '<p>Hello <b>Jana</b></p><img src="cid:logo@demo">',
      inReplyTo: '<earlier@demo.test>',
      references: ['<first@demo.test>', '<earlier@demo.test>'],
      attachments: [
        { filename: 'invoice.pdf', content: PDF, contentType: 'application/pdf' },
        { filename: 'logo.png', content: PNG, contentType: 'image/png', cid: 'logo@demo' },
      ],
    });
  } finally {
    transport.close();
  }
}

describe('dev mail sink', () => {
  it('keeps a sent message and lists it with its addresses, subject, size and attachments', async () => {
    const info = await send('Your invoice č. 42');
    expect(info.response).toMatch(/^250 /);

    const res = await api('/messages');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as DevMailList;
    expect(items).toHaveLength(1);
    const [summary] = items;
    expect(summary).toMatchObject({
      from: [{ address: 'support@demo.test', name: 'Support Desk' }],
      to: [{ address: 'jana@customer.test', name: 'Jana Nováková' }],
      cc: [{ address: 'boss@customer.test', name: '' }],
      subject: 'Your invoice č. 42',
      messageId: info.messageId,
    });
    expect(Date.parse(summary.receivedAt)).not.toBeNaN();
    expect(summary.size).toBeGreaterThan(PDF.length);
    expect(summary.attachments).toEqual(
      expect.arrayContaining([
        { fileName: 'invoice.pdf', contentType: 'application/pdf', size: PDF.length, contentId: null },
        { fileName: 'logo.png', contentType: 'image/png', size: PNG.length, contentId: '<logo@demo>' },
      ]),
    );

    const detail = (await (await api(`/messages/${summary.id}`)).json()) as DevMailMessage;
    expect(detail.envelope).toEqual({ from: 'support@demo.test', to: ['jana@customer.test', 'boss@customer.test', 'audit@demo.test'] });
    expect(detail.text?.trim()).toBe('Hello Jana');
    expect(detail.html).toContain('<b>Jana</b>');
    expect(detail.headers).toMatchObject({ 'in-reply-to': '<earlier@demo.test>', references: '<first@demo.test> <earlier@demo.test>' });

    const raw = await api(`/messages/${summary.id}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="${summary.id}.eml"`);
    const eml = Buffer.from(await raw.arrayBuffer());
    expect(eml.length).toBe(summary.size);
    expect(eml.toString('latin1')).toContain(`Message-ID: ${info.messageId}`);
  });

  it('lists newest first and forgets everything on DELETE', async () => {
    await send('second');
    const { items } = (await (await api('/messages')).json()) as DevMailList;
    expect(items.map((m) => m.subject).slice(0, 2)).toEqual(['second', 'Your invoice č. 42']);

    expect((await api('/messages', { method: 'DELETE' })).status).toBe(204);
    expect(((await (await api('/messages')).json()) as DevMailList).items).toEqual([]);
    const missing = await api(`/messages/${items[0].id}`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe('DEV_MAIL_MESSAGE_NOT_FOUND');
  });

  it('answers 401 without a token or with a token for another service, and serves /health to anyone', async () => {
    for (const token of [null, await keys.sign({ aud: 'tickets' })]) {
      const res = await api('/messages', { token });
      expect(res.status).toBe(401);
      expect((await res.json()).code).toBe('UNAUTHORIZED');
    }
    expect((await api('/health', { token: null })).status).toBe(200);
  });

  it('refuses a message over the size limit with 552 and keeps nothing', async () => {
    const small = await startDevMailSink({ smtpPort: 0, jwksUrl: 'http://127.0.0.1:1/unused', getKey: keys.getKey, maxBytes: 1000 });
    try {
      const transport = nodemailer.createTransport({ url: small.smtpUrl });
      await expect(
        transport.sendMail({ from: 'a@demo.test', to: 'b@demo.test', subject: 'big', text: 'x'.repeat(5000) }),
      ).rejects.toMatchObject({ responseCode: 552 });
      transport.close();
      const res = await fetch(`${small.apiUrl}/messages`, { headers: { authorization: `Bearer ${mailToken}` } });
      expect(((await res.json()) as DevMailList).items).toEqual([]);
    } finally {
      await small.stop();
    }
  });
});
