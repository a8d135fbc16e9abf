import { randomBytes, randomUUID } from 'node:crypto';
import type { Attachment, EmailStatus, TicketAttachment } from '@switchboard/contracts';
import { AttachmentEntity, EmailEntity } from '../entities';
import {
  createAttachmentsTestContext,
  multipartRequest,
  slices,
  type AttachmentsTestContext,
  type FilePart,
} from './attachments-test-context';

const MiB = 1024 * 1024;
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const TEXT = Buffer.from('Dear customer,\nplease find the details below.\n');

let ctx: AttachmentsTestContext;
let queueId: string;
let otherQueueId: string;
const agentId = randomUUID();
const colleagueId = randomUUID();
/** The draft's author. */
let agent: Record<string, string>;
/** Another agent of the same queue. */
let colleague: Record<string, string>;
/** An agent of no queue. */
let outsider: Record<string, string>;

beforeAll(async () => {
  ctx = await createAttachmentsTestContext();
  queueId = await ctx.addQueue();
  otherQueueId = await ctx.addQueue();
  agent = await ctx.auth({ sub: agentId, queues: [queueId] });
  colleague = await ctx.auth({ sub: colleagueId, queues: [queueId] });
  outsider = await ctx.auth({ sub: randomUUID(), queues: [] });
});

afterAll(async () => {
  await ctx?.close();
});

afterEach(() => {
  expect(ctx.takeServerErrors()).toEqual([]);
});

const draft = (values: { ticketId?: string; ownerId?: string; queueId?: string } = {}) =>
  ctx.addEmail({ ownerId: agentId, queueId, ...values });
const setStatus = (id: string, status: EmailStatus) =>
  ctx.app.orm.em.fork().nativeUpdate(EmailEntity, { id }, { status });
const rowsOf = (emailId: string) => ctx.app.orm.em.fork().find(AttachmentEntity, { emailId });

interface UploadOptions {
  headers?: Record<string, string>;
  query?: string;
}

const uploadParts = (emailId: string, parts: FilePart[], options: UploadOptions = {}) => {
  const { headers, payload } = multipartRequest(parts);
  return ctx.inject({
    method: 'POST',
    url: `/emails/${emailId}/attachments${options.query ?? ''}`,
    headers: { ...(options.headers ?? agent), ...headers },
    payload,
  });
};
const upload = (emailId: string, fileName: string, data: Buffer, options: UploadOptions & { contentType?: string } = {}) =>
  uploadParts(emailId, [{ fileName, contentType: options.contentType, chunks: slices(data) }], options);
const uploaded = async (emailId: string, fileName: string, data: Buffer, options: UploadOptions = {}) => {
  const res = await upload(emailId, fileName, data, options);
  expect(res.statusCode).toBe(201);
  return res.json<Attachment>();
};
const contentUrl = (emailId: string, attachmentId: string) => `/emails/${emailId}/attachments/${attachmentId}/content`;

describe('POST /emails/:id/attachments: content type', () => {
  it('sniffs the bytes and ignores the name and the claimed type', async () => {
    const emailId = await draft();
    const png = await upload(emailId, 'evil.exe', PNG, { contentType: 'text/html' });
    expect(png.statusCode).toBe(201);
    expect(png.json()).toMatchObject({ fileName: 'evil.exe', contentType: 'image/png', size: PNG.length, inline: false });
    const text = await upload(emailId, 'x.png', TEXT, { contentType: 'image/png' });
    expect(text.json()).toMatchObject({ fileName: 'x.png', contentType: 'text/plain' });
    const html = await upload(emailId, 'page.html', Buffer.from('<script>alert(1)</script>'), { contentType: 'text/html' });
    expect(html.json().contentType).toBe('text/plain');
    const pdf = await upload(emailId, 'invoice.pdf', PDF, { contentType: 'application/x-msdownload' });
    expect(pdf.json().contentType).toBe('application/pdf');
  });

  it('gives an inline image a content id for the body to reference', async () => {
    const emailId = await draft();
    const res = await upload(emailId, 'logo.png', PNG, { query: '?inline=true' });
    expect(res.statusCode).toBe(201);
    const attachment = res.json<Attachment>();
    expect(attachment).toMatchObject({ inline: true, contentType: 'image/png' });
    expect(attachment.contentId).toMatch(/^[0-9a-f-]{36}@switchboard$/);
  });

  it('refuses an inline upload that is not an image with 415, storing nothing', async () => {
    const emailId = await draft();
    const blobsBefore = await ctx.blobFiles();
    const res = await upload(emailId, 'fake.png', randomBytes(2 * MiB), { contentType: 'image/png', query: '?inline=true' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await rowsOf(emailId)).toEqual([]);
    expect(await ctx.blobFiles()).toEqual(blobsBefore);
    expect(await ctx.tempFiles()).toEqual([]);
    expect((await ctx.email(emailId)).version).toBe(1);
  });
});

describe('POST /emails/:id/attachments: file names', () => {
  it.each([
    ['a path traversal', '../../etc/passwd', 'passwd'],
    ['a Windows path', '..\\..\\boot.ini', 'boot.ini'],
    ['CR and LF', 'a\r\nb.txt', 'ab.txt'],
    ['a 300-character name', `${'n'.repeat(300)}.txt`, `${'n'.repeat(196)}.txt`],
    ['nothing usable', '...', 'attachment'],
  ])('sanitizes %s', async (_case, fileName, expected) => {
    const emailId = await draft();
    const attachment = await uploaded(emailId, fileName, TEXT);
    expect(attachment.fileName).toBe(expected);
    expect((await rowsOf(emailId))[0].fileName).toBe(expected);
  });
});

describe('POST /emails/:id/attachments: request shape', () => {
  it('answers 415 to a body that is not multipart', async () => {
    const emailId = await draft();
    const url = `/emails/${emailId}/attachments`;
    const json = await ctx.inject({ method: 'POST', url, headers: agent, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const raw = await ctx.inject({
      method: 'POST',
      url,
      headers: { ...agent, 'content-type': 'application/octet-stream' },
      payload: PNG,
    });
    expect(raw.statusCode).toBe(415);
    expect(raw.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it.each<[string, FilePart[]]>([
    ['no part at all', []],
    ['a file in another field', [{ field: 'upload', fileName: 'a.txt', chunks: [TEXT] }]],
    ['two files', [{ fileName: 'a.txt', chunks: [TEXT] }, { fileName: 'b.txt', chunks: [TEXT] }]],
    ['a field besides the file', [{ field: 'note', chunks: [Buffer.from('hi')] }, { fileName: 'a.txt', chunks: [TEXT] }]],
  ])('answers 400 FILE_REQUIRED to %s and adds nothing', async (_case, parts) => {
    const emailId = await draft();
    const res = await uploadParts(emailId, parts);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('FILE_REQUIRED');
    expect(await rowsOf(emailId)).toEqual([]);
  });

  it('answers 400 to a broken multipart body', async () => {
    const emailId = await draft();
    const res = await ctx.inject({
      method: 'POST',
      url: `/emails/${emailId}/attachments`,
      headers: { ...agent, 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nno closing boundary',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('FILE_REQUIRED');
  });

  it('validates the inline flag', async () => {
    const res = await upload(await draft(), 'a.png', PNG, { query: '?inline=perhaps' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 for an unknown email and 409 once the email is no longer a draft', async () => {
    const missing = await upload(randomUUID(), 'a.txt', TEXT);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('EMAIL_NOT_FOUND');
    const sentId = await draft();
    await setStatus(sentId, 'sent');
    const sent = await upload(sentId, 'a.txt', TEXT);
    expect(sent.statusCode).toBe(409);
    expect(sent.json().code).toBe('EMAIL_NOT_DRAFT');
  });
});

describe('GET /emails/:id/attachments/:attachmentId/content', () => {
  it('streams the exact bytes with safe download headers', async () => {
    const emailId = await draft();
    const png = await uploaded(emailId, 'Účtenka (1).png', PNG);
    const res = await ctx.inject({ url: contentUrl(emailId, png.id), headers: agent });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PNG)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG.length),
      'content-disposition': `attachment; filename="__tenka (1).png"; filename*=UTF-8''%C3%9A%C4%8Dtenka%20%281%29.png`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
    });
  });

  it('shows images inline on request, but never other types', async () => {
    const emailId = await draft();
    const png = await uploaded(emailId, 'logo.png', PNG);
    const text = await uploaded(emailId, 'notes.txt', TEXT);
    const image = await ctx.inject({ url: `${contentUrl(emailId, png.id)}?inline=true`, headers: agent });
    expect(image.headers['content-disposition']).toMatch(/^inline; /);
    const plain = await ctx.inject({ url: `${contentUrl(emailId, text.id)}?inline=true`, headers: agent });
    expect(plain.headers['content-disposition']).toMatch(/^attachment; /);
    expect(plain.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(plain.body).toBe(TEXT.toString());
  });

  it("keeps a draft's files private, and lets the queue read them once sent", async () => {
    const emailId = await draft();
    const file = await uploaded(emailId, 'a.pdf', PDF);
    const url = contentUrl(emailId, file.id);
    const hidden = await ctx.inject({ url, headers: colleague });
    expect(hidden.statusCode).toBe(403);
    expect(hidden.json().code).toBe('EMAIL_FORBIDDEN');
    await setStatus(emailId, 'sent');
    expect((await ctx.inject({ url, headers: colleague })).statusCode).toBe(200);
    expect((await ctx.inject({ url, headers: outsider })).statusCode).toBe(403);
  });

  it('answers 404 ATTACHMENT_NOT_FOUND for an unknown id or a file of another email', async () => {
    const emailId = await draft();
    const other = await draft();
    const file = await uploaded(other, 'a.txt', TEXT);
    for (const attachmentId of [randomUUID(), file.id]) {
      const res = await ctx.inject({ url: contentUrl(emailId, attachmentId), headers: agent });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('ATTACHMENT_NOT_FOUND');
    }
  });
});

describe('DELETE /emails/:id/attachments/:attachmentId', () => {
  it('removes the file from the draft, keeps the bytes and bumps the version', async () => {
    const emailId = await draft();
    const file = await uploaded(emailId, 'a.pdf', PDF);
    const url = `/emails/${emailId}/attachments/${file.id}`;
    const res = await ctx.inject({ method: 'DELETE', url, headers: agent });
    expect(res.statusCode).toBe(204);
    expect(res.headers['x-email-version']).toBe('3');
    expect((await ctx.email(emailId)).version).toBe(3);
    expect(await rowsOf(emailId)).toEqual([]);
    expect(await ctx.blobFiles()).toContain(file.sha256);
    expect((await ctx.inject({ url: contentUrl(emailId, file.id), headers: agent })).statusCode).toBe(404);
    const again = await ctx.inject({ method: 'DELETE', url, headers: agent });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('ATTACHMENT_NOT_FOUND');
  });

  it("refuses another agent's upload and delete with 403", async () => {
    const emailId = await draft();
    const file = await uploaded(emailId, 'a.pdf', PDF);
    const up = await upload(emailId, 'b.txt', TEXT, { headers: colleague });
    expect(up.statusCode).toBe(403);
    expect(up.json().code).toBe('EMAIL_FORBIDDEN');
    const del = await ctx.inject({ method: 'DELETE', url: `/emails/${emailId}/attachments/${file.id}`, headers: colleague });
    expect(del.statusCode).toBe(403);
    expect(del.json().code).toBe('EMAIL_FORBIDDEN');
    expect(await rowsOf(emailId)).toHaveLength(1);
    expect((await ctx.email(emailId)).version).toBe(2);
  });
});

describe('choose from ticket', () => {
  const ticketId = randomUUID();
  let invoice: Attachment;
  let contract: Attachment;
  let notes: Attachment;
  let logo: Attachment;
  let privateDraftFile: Attachment;
  let otherTicketFile: Attachment;

  /** A draft that gets its files, then is sent (or received) as it would be in real life. */
  const sentEmail = async (
    values: { ownerId: string; subject: string; ticketId: string; queueId?: string; status?: EmailStatus },
    files: Array<[string, Buffer, string?]>,
  ) => {
    const emailId = await ctx.addEmail({ queueId, ...values, status: 'draft' });
    const owner = await ctx.auth({ sub: values.ownerId });
    const added: Attachment[] = [];
    for (const [name, data, query] of files) added.push(await uploaded(emailId, name, data, { headers: owner, query }));
    await setStatus(emailId, values.status ?? 'sent');
    return { emailId, added };
  };

  beforeAll(async () => {
    const first = await sentEmail({ ownerId: agentId, subject: 'Invoice', ticketId }, [
      ['invoice.pdf', PDF],
      ['contract.pdf', Buffer.concat([PDF, Buffer.from('% signed\n')])],
      ['logo.png', PNG, '?inline=true'],
    ]);
    [invoice, contract, logo] = first.added;
    // The colleague's later email in the same queue.
    notes = (await sentEmail({ ownerId: colleagueId, subject: 'Re: Invoice', ticketId }, [['notes.txt', TEXT]])).added[0];
    // Not listed: a draft of the ticket, an email of another queue, an email of another ticket.
    privateDraftFile = (
      await sentEmail({ ownerId: colleagueId, subject: 'Draft', ticketId, status: 'draft' }, [['draft.txt', TEXT]])
    ).added[0];
    await sentEmail({ ownerId: randomUUID(), subject: 'Elsewhere', ticketId, queueId: otherQueueId }, [['hidden.txt', TEXT]]);
    otherTicketFile = (await sentEmail({ ownerId: agentId, subject: 'Other', ticketId: randomUUID() }, [['o.txt', TEXT]])).added[0];
  });

  it("lists the files of the ticket's readable earlier emails, newest email first", async () => {
    const res = await ctx.inject({ url: `/tickets/${ticketId}/attachments`, headers: agent });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: TicketAttachment[] }>().items;
    expect(items.map((i) => [i.fileName, i.emailSubject])).toEqual([
      ['notes.txt', 'Re: Invoice'],
      ['invoice.pdf', 'Invoice'],
      ['contract.pdf', 'Invoice'],
    ]);
    expect(items[1]).toEqual({ ...invoice, emailId: expect.any(String), emailSubject: 'Invoice' });
    const none = await ctx.inject({ url: `/tickets/${ticketId}/attachments`, headers: outsider });
    expect(none.json().items).toEqual([]);
  });

  it('adds the chosen files to the draft by reference, without copying bytes', async () => {
    const draftId = await draft({ ticketId });
    const blobsBefore = await ctx.blobFiles();
    const res = await ctx.inject({
      method: 'POST',
      url: `/emails/${draftId}/attachments/from-ticket`,
      headers: agent,
      payload: { attachmentIds: [notes.id, invoice.id, notes.id] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-email-version']).toBe('2');
    const added = res.json<{ items: Attachment[] }>().items;
    expect(added.map(({ id: _id, ...rest }) => rest)).toEqual([notes, invoice].map(({ id: _id, ...rest }) => rest));
    expect(added.map((a) => a.id)).not.toContain(notes.id);
    expect(await ctx.blobFiles()).toEqual(blobsBefore);
    expect((await rowsOf(draftId)).map((r) => r.blobSha256).sort()).toEqual([notes.sha256, invoice.sha256].sort());
    const bytes = await ctx.inject({ url: contentUrl(draftId, added[1].id), headers: agent });
    expect(bytes.rawPayload.equals(PDF)).toBe(true);
    expect((await ctx.email(draftId)).version).toBe(2);
  });

  it.each([
    ['an inline image', () => logo.id],
    ["a file of the ticket's unsent draft", () => privateDraftFile.id],
    ['a file of another ticket', () => otherTicketFile.id],
    ['an unknown id', () => randomUUID()],
  ])('refuses %s with 404 and adds nothing', async (_case, id) => {
    const draftId = await draft({ ticketId });
    const res = await ctx.inject({
      method: 'POST',
      url: `/emails/${draftId}/attachments/from-ticket`,
      headers: agent,
      payload: { attachmentIds: [contract.id, id()] },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ATTACHMENT_NOT_FOUND');
    expect(await rowsOf(draftId)).toEqual([]);
    expect((await ctx.email(draftId)).version).toBe(1);
  });

  it('answers 400 for a draft that does not belong to a ticket', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: `/emails/${await draft()}/attachments/from-ticket`,
      headers: agent,
      payload: { attachmentIds: [invoice.id] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it("refuses another agent's draft with 403", async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: `/emails/${await draft({ ticketId })}/attachments/from-ticket`,
      headers: colleague,
      payload: { attachmentIds: [invoice.id] },
    });
    expect(res.statusCode).toBe(403);
  });

  it('respects the 20 MiB total: 413 and nothing added', async () => {
    const big = randomBytes(15 * MiB);
    const { added } = await sentEmail({ ownerId: agentId, subject: 'Scans', ticketId }, [['scan.bin', big.subarray(0, 6 * MiB)]]);
    const draftId = await draft({ ticketId });
    await uploaded(draftId, 'big.bin', big);
    const res = await ctx.inject({
      method: 'POST',
      url: `/emails/${draftId}/attachments/from-ticket`,
      headers: agent,
      payload: { attachmentIds: [invoice.id, added[0].id] },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('ATTACHMENTS_TOO_LARGE');
    expect(await rowsOf(draftId)).toHaveLength(1);
    expect((await ctx.email(draftId)).version).toBe(2);
  });
});
