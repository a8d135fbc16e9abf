import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Attachment, Email, EmailStatus } from '@switchboard/contracts';
import type { BlobStore } from '@switchboard/service-kit';
import {
  createAttachmentsTestContext,
  multipartRequest,
  slices,
  type AttachmentsTestContext,
} from '../attachments/attachments-test-context';
import { AttachmentEntity, BlobEntity, EmailEntity } from '../entities';
import { lockBlobs } from './blob-lock';
import { sweepBlobs, type BlobSweepOptions, type BlobSweepResult } from './blob-sweep';

const HOUR = 3_600_000;
const agentId = randomUUID();
let ctx: AttachmentsTestContext;
let queueId: string;
let agent: Record<string, string>;

/** Bytes that a racing sweep removes between an upload's put and its row insert (see `racingStore`). */
const vanishing = new Set<string>();

/** The app's store, except that `has` first removes the bytes named in `vanishing`. */
const racingStore = (store: BlobStore): BlobStore => ({
  ...store,
  has: async (sha256) => {
    if (vanishing.delete(sha256)) await store.remove(sha256);
    return store.has(sha256);
  },
});

beforeAll(async () => {
  ctx = await createAttachmentsTestContext({ wrapStore: racingStore });
  queueId = await ctx.addQueue();
  agent = await ctx.auth({ sub: agentId, queues: [queueId] });
});

afterAll(async () => {
  await ctx?.close();
});

afterEach(() => {
  expect(ctx.takeServerErrors()).toEqual([]);
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sweep = (graceMs: number, options: Omit<BlobSweepOptions, 'graceMs'> = {}) =>
  sweepBlobs(ctx.app.orm.em.fork(), ctx.app.blobStore, { graceMs, ...options });
const draft = (values: { ticketId?: string } = {}) => ctx.addEmail({ ownerId: agentId, queueId, ...values });
const setStatus = (id: string, status: EmailStatus) => ctx.app.orm.em.fork().nativeUpdate(EmailEntity, { id }, { status });
const blobRowCount = (address: string) => ctx.app.orm.em.fork().count(BlobEntity, { sha256: address });
const onDisk = async (address: string) => (await ctx.blobFiles()).includes(address);
const ageFile = (relativePath: string, msAgo: number) => {
  const at = new Date(Date.now() - msAgo);
  return utimes(path.join(ctx.blobDir, relativePath), at, at);
};
const ageBlob = (address: string, msAgo: number) => ageFile(path.join(address.slice(0, 2), address), msAgo);

function upload(emailId: string, fileName: string, bytes: Buffer) {
  const { headers, payload } = multipartRequest([{ fileName, chunks: slices(bytes) }]);
  return ctx.inject({ method: 'POST', url: `/emails/${emailId}/attachments`, headers: { ...agent, ...headers }, payload });
}
async function uploaded(emailId: string, fileName: string, bytes: Buffer): Promise<Attachment> {
  const res = await upload(emailId, fileName, bytes);
  expect(res.statusCode).toBe(201);
  return res.json<Attachment>();
}
async function download(emailId: string, attachmentId: string): Promise<Buffer> {
  const res = await ctx.inject({ url: `/emails/${emailId}/attachments/${attachmentId}/content`, headers: agent });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}
/** Bytes in the store with no row at all, as an upload refused under the row lock leaves them. */
async function orphan(bytes = randomBytes(1000)): Promise<string> {
  return (await ctx.app.blobStore.put(Readable.from([bytes]), { maxBytes: bytes.length })).sha256;
}
/** Inserts an attachment row of 1000 bytes over a blob, inside the test's own transaction. */
const insertAttachment = (tx: EntityManager, emailId: string, address: string) =>
  tx.execute(
    `insert into mail.attachment (id, email_id, blob_sha256, file_name, content_type, size)
     values (?, ?, ?, 'a.bin', 'application/octet-stream', 1000)`,
    [randomUUID(), emailId, address],
  );

/** Waits until some session of this database waits for a lock (the sweep, blocked). */
async function someoneWaitsForALock(): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const [row] = await ctx.app.orm.em
      .fork()
      .execute<{ n: number }[]>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
    if (row.n > 0) return;
    await sleep(10);
  }
  throw new Error('nobody waited for a lock');
}

describe('sweeping unused attachment bytes', () => {
  it("removes a discarded draft's file but keeps one a forward still uses, byte-exact", async () => {
    const onlyHere = randomBytes(3000);
    const shared = randomBytes(5000);
    const original = await draft();
    await uploaded(original, 'only-here.bin', onlyHere);
    await uploaded(original, 'shared.bin', shared);
    const forwardRes = await ctx.inject({
      method: 'POST',
      url: '/drafts',
      headers: agent,
      payload: { replyTo: { emailId: original, mode: 'forward' } },
    });
    expect(forwardRes.statusCode).toBe(201);
    const forward = forwardRes.json<Email>();
    const forwardFiles = await ctx.app.orm.em.fork().find(AttachmentEntity, { emailId: forward.id });
    const idOf = (fileName: string) => forwardFiles.find((f) => f.fileName === fileName)?.id ?? 'missing';
    const url = `/emails/${forward.id}/attachments/${idOf('only-here.bin')}`;
    expect((await ctx.inject({ method: 'DELETE', url, headers: agent })).statusCode).toBe(204);
    expect((await ctx.inject({ method: 'DELETE', url: `/emails/${original}`, headers: agent })).statusCode).toBe(204);

    const result = await sweep(0);
    expect(result).toMatchObject({ removed: 1, bytesFreed: onlyHere.length });
    expect(await onDisk(sha256(onlyHere))).toBe(false);
    expect(await blobRowCount(sha256(onlyHere))).toBe(0);
    expect(await onDisk(sha256(shared))).toBe(true);
    expect(await blobRowCount(sha256(shared))).toBe(1);
    expect((await download(forward.id, idOf('shared.bin'))).equals(shared)).toBe(true);
  });

  it('never removes the files of a sent email, nor a ticket file chosen into a discarded draft', async () => {
    const ticketId = randomUUID();
    const invoice = randomBytes(2000);
    const sent = await draft({ ticketId });
    const file = await uploaded(sent, 'invoice.bin', invoice);
    await setStatus(sent, 'sent');
    const chooser = await draft({ ticketId });
    const chosen = await ctx.inject({
      method: 'POST',
      url: `/emails/${chooser}/attachments/from-ticket`,
      headers: agent,
      payload: { attachmentIds: [file.id] },
    });
    expect(chosen.statusCode).toBe(201);
    expect((await ctx.inject({ method: 'DELETE', url: `/emails/${chooser}`, headers: agent })).statusCode).toBe(204);
    await ageBlob(file.sha256, 48 * HOUR);

    await sweep(0);
    expect(await onDisk(file.sha256)).toBe(true);
    expect((await download(sent, file.id)).equals(invoice)).toBe(true);
  });

  it('removes bytes no row points at, such as a refused parallel upload leaves', async () => {
    const bytes = randomBytes(1234);
    const address = await orphan(bytes);
    expect(await onDisk(address)).toBe(true);
    const result = await sweep(0);
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect(await onDisk(address)).toBe(false);
    expect(await sweep(0)).toMatchObject({ removed: 0, bytesFreed: 0 });
  });

  it('keeps unused files younger than the grace period, and removes them once older', async () => {
    const young = await orphan();
    const old = await orphan();
    await ageBlob(old, 2 * HOUR);
    const result = await sweep(HOUR);
    expect(result.removed).toBe(1);
    expect(result.examined).toBeGreaterThanOrEqual(2);
    expect(await onDisk(young)).toBe(true);
    expect(await onDisk(old)).toBe(false);
    await ageBlob(young, 2 * HOUR);
    await sweep(HOUR);
    expect(await onDisk(young)).toBe(false);
  });

  it('removes temp files of crashed uploads older than the grace period', async () => {
    const tmp = path.join(ctx.blobDir, 'tmp');
    await mkdir(tmp, { recursive: true });
    await writeFile(path.join(tmp, 'crashed'), Buffer.alloc(700));
    await writeFile(path.join(tmp, 'uploading'), Buffer.alloc(10));
    await ageFile(path.join('tmp', 'crashed'), 2 * HOUR);
    expect(await sweep(HOUR)).toMatchObject({ tempFilesRemoved: 1, tempBytesFreed: 700 });
    expect(await ctx.tempFiles()).toEqual(['uploading']);
    await sweep(0);
    expect(await ctx.tempFiles()).toEqual([]);
  });

  it('lets two sweeps run at once: each file is removed once and nothing fails', async () => {
    await sweep(0);
    const orphans = await Promise.all(Array.from({ length: 30 }, () => orphan()));
    const used = await draft();
    const kept = await uploaded(used, 'kept.bin', randomBytes(4000));
    // Small batches, so each sweep checks several batches and a remainder.
    const results: BlobSweepResult[] = await Promise.all([sweep(0, { batchSize: 7 }), sweep(0, { batchSize: 4 })]);
    expect(results[0].removed + results[1].removed).toBe(orphans.length);
    expect(results[0].bytesFreed + results[1].bytesFreed).toBe(orphans.length * 1000);
    expect((await ctx.blobFiles()).filter((name) => orphans.includes(name))).toEqual([]);
    expect(await onDisk(kept.sha256)).toBe(true);
  });

  it('does nothing once aborted', async () => {
    const address = await orphan();
    expect(await sweep(0, { signal: AbortSignal.abort() })).toMatchObject({ examined: 0, removed: 0 });
    expect(await onDisk(address)).toBe(true);
    await sweep(0);
  });

  it('waits for a transaction holding the blob lock, then keeps the blob it attached', async () => {
    const address = await orphan();
    const emailId = await draft();
    let sweeping: Promise<BlobSweepResult> | undefined;
    await ctx.app.orm.em.fork().transactional(async (tx) => {
      await lockBlobs(tx, [address]);
      sweeping = sweep(0);
      await someoneWaitsForALock();
      await tx.execute('insert into mail.blob (sha256, size) values (?, 1000)', [address]);
      await insertAttachment(tx, emailId, address);
    });
    expect((await sweeping)?.removed).toBe(0);
    expect(await onDisk(address)).toBe(true);
  });

  it('keeps a blob that a row added without the lock (as the demo seed does) points at', async () => {
    const address = await orphan();
    const emailId = await draft();
    await ctx.app.orm.em.fork().execute('insert into mail.blob (sha256, size) values (?, 1000)', [address]);
    let sweeping: Promise<BlobSweepResult> | undefined;
    await ctx.app.orm.em.fork().transactional(async (tx) => {
      await insertAttachment(tx, emailId, address);
      // The sweep sees no committed row, deletes the blob row and waits for this transaction.
      sweeping = sweep(0);
      await someoneWaitsForALock();
    });
    expect((await sweeping)?.removed).toBe(0);
    expect(await onDisk(address)).toBe(true);
    expect(await blobRowCount(address)).toBe(1);
  });
});

describe('an upload racing a sweep', () => {
  it('answers 503 ATTACHMENT_RETRY when the bytes vanished before the row insert, adding nothing', async () => {
    const emailId = await draft();
    const bytes = randomBytes(2500);
    vanishing.add(sha256(bytes));
    const res = await upload(emailId, 'raced.bin', bytes);
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('ATTACHMENT_RETRY');
    expect(ctx.takeServerErrors()).toHaveLength(1);
    expect(await ctx.app.orm.em.fork().count(AttachmentEntity, { emailId })).toBe(0);
    expect(await blobRowCount(sha256(bytes))).toBe(0);
    expect((await ctx.email(emailId)).version).toBe(1);

    const again = await uploaded(emailId, 'raced.bin', bytes);
    expect((await download(emailId, again.id)).equals(bytes)).toBe(true);
  });

  it('answers 503 ATTACHMENT_RETRY when a chosen ticket file vanished, adding nothing', async () => {
    const ticketId = randomUUID();
    const bytes = randomBytes(1500);
    const failed = await draft({ ticketId });
    const file = await uploaded(failed, 'report.bin', bytes);
    await setStatus(failed, 'failed');
    const chooser = await draft({ ticketId });
    vanishing.add(file.sha256);
    const res = await ctx.inject({
      method: 'POST',
      url: `/emails/${chooser}/attachments/from-ticket`,
      headers: agent,
      payload: { attachmentIds: [file.id] },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('ATTACHMENT_RETRY');
    expect(ctx.takeServerErrors()).toHaveLength(1);
    expect(await ctx.app.orm.em.fork().count(AttachmentEntity, { emailId: chooser })).toBe(0);
    expect((await ctx.email(chooser)).version).toBe(1);
  });
  it('answers 503 ATTACHMENT_RETRY when a file a forward shares vanished, creating no draft', async () => {
    const original = await draft();
    const file = await uploaded(original, 'contract.bin', randomBytes(1800));
    await setStatus(original, 'sent');
    const emailsBefore = await ctx.app.orm.em.fork().count(EmailEntity, {});
    vanishing.add(file.sha256);
    const res = await ctx.inject({
      method: 'POST',
      url: '/drafts',
      headers: agent,
      payload: { replyTo: { emailId: original, mode: 'forward' } },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('ATTACHMENT_RETRY');
    expect(ctx.takeServerErrors()).toHaveLength(1);
    expect(await ctx.app.orm.em.fork().count(EmailEntity, {})).toBe(emailsBefore);
  });
});

describe('the sweep timer', () => {
  it('sweeps in the background every interval, and stops when the app closes', async () => {
    const timed = await createAttachmentsTestContext({ blobSweep: { intervalMs: 50, graceMs: 0 } });
    try {
      // Written in place: a put's temp file could itself be swept mid-upload with a grace of 0.
      const address = sha256(randomBytes(100));
      await mkdir(path.join(timed.blobDir, address.slice(0, 2)), { recursive: true });
      await writeFile(path.join(timed.blobDir, address.slice(0, 2), address), 'unused');
      expect(await timed.blobFiles()).toEqual([address]);
      for (let tries = 0; tries < 200 && (await timed.blobFiles()).length > 0; tries++) await sleep(25);
      expect(await timed.blobFiles()).toEqual([]);
    } finally {
      await timed.close();
    }
  });
});
