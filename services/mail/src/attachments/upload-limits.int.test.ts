import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_EMAIL_ATTACHMENT_BYTES, type Attachment } from '@switchboard/contracts';
import { AttachmentEntity } from '../entities';
import {
  createAttachmentsTestContext,
  multipartRequest,
  slices,
  type AttachmentsTestContext,
  type FilePart,
} from './attachments-test-context';

const MiB = 1024 * 1024;
const agentId = randomUUID();
let ctx: AttachmentsTestContext;
let agent: Record<string, string>;
/** 20 MiB + 1 random bytes, made once; tests upload slices of it. */
let bytes: Buffer;

beforeAll(async () => {
  ctx = await createAttachmentsTestContext();
  agent = await ctx.auth({ sub: agentId });
  bytes = randomBytes(MAX_EMAIL_ATTACHMENT_BYTES + 1);
});

afterAll(async () => {
  await ctx?.close();
});

afterEach(() => {
  expect(ctx.takeServerErrors()).toEqual([]);
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const draft = () => ctx.addEmail({ ownerId: agentId });
const rowsOf = (emailId: string) => ctx.app.orm.em.fork().find(AttachmentEntity, { emailId });

const upload = (emailId: string, parts: FilePart[]) => {
  const { headers, payload } = multipartRequest(parts);
  return ctx.inject({ method: 'POST', url: `/emails/${emailId}/attachments`, headers: { ...agent, ...headers }, payload });
};
const uploadBytes = (emailId: string, data: Buffer, fileName = 'data.bin') => upload(emailId, [{ fileName, chunks: slices(data) }]);

/** The largest temp file of the blob store right now, in bytes. */
async function largestTempFile(): Promise<number> {
  const sizes = await Promise.all(
    (await ctx.tempFiles()).map((name) => stat(path.join(ctx.blobDir, 'tmp', name)).then((s) => s.size, () => 0)),
  );
  return Math.max(0, ...sizes);
}

describe('the 20 MiB limit (E11)', () => {
  it('accepts one file of exactly 20 MiB and serves it back byte-exact', async () => {
    const emailId = await draft();
    const file = bytes.subarray(0, MAX_EMAIL_ATTACHMENT_BYTES);
    const res = await uploadBytes(emailId, file);
    expect(res.statusCode).toBe(201);
    const attachment = res.json<Attachment>();
    expect(attachment).toMatchObject({ size: MAX_EMAIL_ATTACHMENT_BYTES, sha256: sha256(file), inline: false, contentId: null });
    expect(res.headers['x-email-version']).toBe('2');
    expect((await ctx.email(emailId)).version).toBe(2);

    const content = await ctx.inject({ url: `/emails/${emailId}/attachments/${attachment.id}/content`, headers: agent });
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-length']).toBe(String(MAX_EMAIL_ATTACHMENT_BYTES));
    expect(content.rawPayload.length).toBe(MAX_EMAIL_ATTACHMENT_BYTES);
    expect(sha256(content.rawPayload)).toBe(sha256(file));
  });

  it('accepts two files that sum to exactly 20 MiB, then refuses one byte more', async () => {
    const emailId = await draft();
    expect((await uploadBytes(emailId, bytes.subarray(0, 12 * MiB), 'a.bin')).statusCode).toBe(201);
    expect((await uploadBytes(emailId, bytes.subarray(12 * MiB, 20 * MiB), 'b.bin')).statusCode).toBe(201);
    const blobsBefore = await ctx.blobFiles();

    const res = await uploadBytes(emailId, bytes.subarray(0, 1), 'c.bin');
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('ATTACHMENTS_TOO_LARGE');
    expect((await rowsOf(emailId)).map((r) => r.fileName).sort()).toEqual(['a.bin', 'b.bin']);
    expect(await ctx.blobFiles()).toEqual(blobsBefore);
    expect(await ctx.tempFiles()).toEqual([]);
    expect((await ctx.email(emailId)).version).toBe(3);
  });

  it('refuses a file of 20 MiB + 1 byte with 413, keeping no row, no blob and no temp file', async () => {
    const emailId = await draft();
    const blobsBefore = await ctx.blobFiles();
    const res = await uploadBytes(emailId, bytes);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'ATTACHMENTS_TOO_LARGE', details: { maxBytes: MAX_EMAIL_ATTACHMENT_BYTES } });
    expect(await rowsOf(emailId)).toEqual([]);
    expect(await ctx.blobFiles()).toEqual(blobsBefore);
    expect(await ctx.tempFiles()).toEqual([]);
    expect((await ctx.email(emailId)).version).toBe(1);
  });

  it('lets only one of two parallel 15 MiB uploads in', async () => {
    const emailId = await draft();
    const results = await Promise.all([
      uploadBytes(emailId, bytes.subarray(0, 15 * MiB), 'first.bin'),
      uploadBytes(emailId, bytes.subarray(5 * MiB, 20 * MiB), 'second.bin'),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 413]);
    expect(results.find((r) => r.statusCode === 413)?.json().code).toBe('ATTACHMENTS_TOO_LARGE');
    const rows = await rowsOf(emailId);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].size)).toBe(15 * MiB);
    expect((await ctx.email(emailId)).version).toBe(2);
    expect(await ctx.tempFiles()).toEqual([]);
  });
});

describe('streaming', () => {
  it('writes the file to disk while the request body is still arriving', async () => {
    const emailId = await draft();
    const file = bytes.subarray(0, 12 * MiB);
    let onDiskBeforeEnd = -1;
    async function* chunks() {
      yield* slices(file.subarray(0, 10 * MiB));
      // The rest of the body is held back until the server has put most of what it got on
      // disk; a server that buffered the request first would never get there.
      for (let tries = 0; tries < 1000 && onDiskBeforeEnd < 8 * MiB; tries++) {
        onDiskBeforeEnd = await largestTempFile();
        if (onDiskBeforeEnd < 8 * MiB) await sleep(10);
      }
      yield* slices(file.subarray(10 * MiB));
    }
    const res = await upload(emailId, [{ fileName: 'streamed.bin', chunks: chunks() }]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ size: 12 * MiB, sha256: sha256(file) });
    expect(onDiskBeforeEnd).toBeGreaterThanOrEqual(8 * MiB);
  }, 30_000);
});

/** One request over a real connection of `agent`; resolves with the answer and the socket used. */
function send(agent: Agent, port: number, path: string, headers: IncomingHttpHeaders, body?: Readable) {
  return new Promise<{ status: number; body: string; socket: Socket }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, socket: req.socket as Socket }));
    });
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

describe('over a real connection', () => {
  it('answers 413 to a client still sending, and the connection then serves the next request', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const agentPool = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const emailId = await draft();
      const { headers, payload } = multipartRequest([{ fileName: 'big.bin', chunks: slices(bytes) }]);
      const refused = await send(agentPool, port, `/emails/${emailId}/attachments`, { ...agent, ...headers }, payload);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).code).toBe('ATTACHMENTS_TOO_LARGE');
      const next = await send(agentPool, port, '/health', {});
      expect(next.status).toBe(200);
      expect(next.socket).toBe(refused.socket);
      expect(await ctx.tempFiles()).toEqual([]);
    } finally {
      agentPool.destroy();
    }
  }, 30_000);
});
