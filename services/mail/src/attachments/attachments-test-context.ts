import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createFileBlobStore, type BlobStore, type ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, type TestClaims, type TestDatabase } from '@switchboard/service-kit/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type MailAppOptions } from '../app';
import { EmailEntity, QueueEntity, type EmailRecord } from '../entities';
import { createTicketsClient } from '../tickets-client';

/**
 * One mail app over a fresh database and a fresh blob directory, for the attachment tests.
 * Attachments never call the tickets service, so its client points at a closed port.
 */
export interface AttachmentsTestContext {
  app: ServiceApp;
  /** Root of the file blob store. */
  blobDir: string;
  /** `app.inject` that also remembers every 5xx answer. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** An Authorization header with a mail token for the given claims. */
  auth(claims?: Omit<TestClaims, 'aud'>): Promise<Record<string, string>>;
  /** Inserts a queue row (emails reference it). */
  addQueue(): Promise<string>;
  /** Inserts an email row directly (a draft unless told otherwise); returns its id. */
  addEmail(values: Pick<EmailRecord, 'ownerId'> & Partial<EmailRecord>): Promise<string>;
  /** The stored email row, read fresh. */
  email(id: string): Promise<EmailRecord>;
  /** Names of the finished blob files (not temp files). */
  blobFiles(): Promise<string[]>;
  /** Names of the blob store's temp files. */
  tempFiles(): Promise<string[]>;
  /** The requests answered with a 5xx since the last call (then forgets them). */
  takeServerErrors(): string[];
  close(): Promise<void>;
}

/** What a test file may change about the app. */
export interface AttachmentsTestOptions {
  /** Wraps the file store the app uses, e.g. to make bytes vanish at a chosen moment. */
  wrapStore?: (store: BlobStore) => BlobStore;
  blobSweep?: MailAppOptions['blobSweep'];
}

const listDir = async (dir: string) => readdir(dir).catch(() => [] as string[]);

export async function createAttachmentsTestContext(options: AttachmentsTestOptions = {}): Promise<AttachmentsTestContext> {
  const db: TestDatabase = await createTestDatabase('sb_mail_att');
  const keys = await createTestKeys();
  const blobDir = await mkdtemp(path.join(tmpdir(), 'sb-mail-att-'));
  const store = createFileBlobStore(blobDir);
  const app = await buildApp({
    databaseUrl: db.url,
    logger: process.env.ATT_LOG ? { level: 'error' } : false,
    getKey: keys.getKey,
    poolSize: 4,
    blobStore: options.wrapStore?.(store) ?? store,
    blobSweep: options.blobSweep,
    ticketsClient: createTicketsClient({ baseUrl: 'http://127.0.0.1:9', getToken: async () => 'unused' }),
  });
  await app.ready();
  const errors: string[] = [];
  return {
    app,
    blobDir,
    inject: async (request) => {
      const response = await app.inject(request);
      if (response.statusCode >= 500) errors.push(`${request.method ?? 'GET'} ${String(request.url)} -> ${response.statusCode} ${response.body}`);
      return response;
    },
    auth: async (claims = {}) => ({ authorization: `Bearer ${await keys.sign({ ...claims, aud: 'mail' })}` }),
    addQueue: async () => {
      const em = app.orm.em.fork();
      const id = randomUUID();
      em.create(QueueEntity, { id, name: `Queue ${id.slice(0, 8)}`, fromAddress: 'support@example.test', fromName: null, smtpUrlEncrypted: null });
      await em.flush();
      return id;
    },
    addEmail: async (values) => {
      const em = app.orm.em.fork();
      const now = new Date();
      const email = em.create(EmailEntity, {
        id: randomUUID(),
        direction: 'outbound',
        status: 'draft',
        to: [],
        cc: [],
        bcc: [],
        createdAt: now,
        updatedAt: now,
        ...values,
      });
      await em.flush();
      return email.id;
    },
    email: async (id) => app.orm.em.fork().findOneOrFail(EmailEntity, { id }),
    blobFiles: async () => {
      const shards = (await listDir(blobDir)).filter((name) => name !== 'tmp');
      return (await Promise.all(shards.map((shard) => listDir(path.join(blobDir, shard))))).flat().sort();
    },
    tempFiles: () => listDir(path.join(blobDir, 'tmp')),
    takeServerErrors: () => errors.splice(0),
    close: async () => {
      await app.close();
      await db.drop();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}

/** One part of a hand-built multipart body: a file, or a plain field when it has no name. */
export interface FilePart {
  /** Form field name; `file` unless a test wants another. */
  field?: string;
  fileName?: string;
  /** What the client claims; the server must ignore it. */
  contentType?: string;
  /** The bytes, produced lazily so nothing needs to be in memory at once. */
  chunks: Iterable<Buffer> | AsyncIterable<Buffer>;
}

/** The name as a browser writes it: UTF-8, with CR, LF and `"` escaped (HTML standard). */
const fileNameParam = (name: string) =>
  `filename="${name.replace(/[\r\n"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}"`;

/** A multipart/form-data request, streamed part by part: boundary, headers, then the bytes. */
export function multipartRequest(parts: FilePart[]): { headers: Record<string, string>; payload: Readable } {
  const boundary = `----switchboard-${randomUUID()}`;
  async function* body() {
    for (const part of parts) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? 'file'}"` +
          `${part.fileName === undefined ? '' : `; ${fileNameParam(part.fileName)}`}\r\n` +
          `Content-Type: ${part.contentType ?? (part.fileName === undefined ? 'text/plain' : 'application/octet-stream')}\r\n\r\n`,
      );
      yield* part.chunks;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Readable.from(body(), { objectMode: false }),
  };
}

/** `bytes` in slices, as a network would deliver them. */
export function* slices(bytes: Buffer, size = 256 * 1024): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
