import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { BlobTooLargeError, readBlob, type BlobStore } from './blob-store';
import { createS3BlobStore, parseS3Url } from './blob-store-s3';
import { blobStoreFromEnvironment } from './blob-store-s3-environment';

/** An S3-compatible server on loopback (s3rver), its data in a temp folder. */
let server: S3rver;
let serverDir: string;
let endpoint: string;
let client: S3Client;
let spoolDir: string;
let store: BlobStore;
let bucket: string;
let bucketCount = 0;

beforeAll(async () => {
  serverDir = await mkdtemp(path.join(tmpdir(), 'kit-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: serverDir });
  const address = (await server.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;
  client = s3Client();
});

afterAll(async () => {
  client.destroy();
  await server.close();
  await rm(serverDir, { recursive: true, force: true });
});

/** A fresh bucket and spool folder for each test. */
beforeEach(async () => {
  bucketCount += 1;
  bucket = `blobs-${bucketCount}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  spoolDir = await mkdtemp(path.join(tmpdir(), 'kit-s3-spool-'));
  store = createS3BlobStore({ bucket, prefix: 'mail/blobs', client, spoolDir });
});

afterEach(async () => {
  await rm(spoolDir, { recursive: true, force: true });
});

function s3Client() {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every key in the test's bucket. */
async function keys(): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

const putText = async (text: string) => (await store.put(Readable.from([Buffer.from(text)]), { maxBytes: 100 })).sha256;

describe('S3 blob store', () => {
  it('stores bytes under <prefix>/<first two hex>/<sha256> and streams them back', async () => {
    const bytes = Buffer.from('hello blobs');
    const stored = await store.put(Readable.from([bytes]), { maxBytes: 100 });
    expect(stored).toEqual({ sha256: sha256(bytes), size: bytes.length, head: bytes });
    expect(await readAll(store.open(stored.sha256))).toEqual(bytes);
    expect(await store.has(stored.sha256)).toBe(true);
    expect(await keys()).toEqual([`mail/blobs/${stored.sha256.slice(0, 2)}/${stored.sha256}`]);
    expect(await readdir(path.join(spoolDir, 'tmp'))).toEqual([]);
  });

  it('returns the first 64 bytes as head, however the stream is chunked', async () => {
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => i));
    const stored = await store.put(Readable.from([bytes.subarray(0, 10), bytes.subarray(10, 70), bytes.subarray(70)]), { maxBytes: 200 });
    expect(stored.head).toEqual(bytes.subarray(0, 64));
    expect(await readAll(store.open(stored.sha256))).toEqual(bytes);
  });

  it('keeps equal content once', async () => {
    const first = await putText('same bytes');
    const second = (await store.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]), { maxBytes: 100 })).sha256;
    expect(second).toBe(first);
    expect(await keys()).toHaveLength(1);
  });

  it('refuses more than maxBytes and keeps nothing, neither in S3 nor in the spool', async () => {
    const bytes = Buffer.alloc(101, 1);
    const put = store.put(Readable.from([bytes.subarray(0, 60), bytes.subarray(60)]), { maxBytes: 100 });
    await expect(put).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(put).rejects.toMatchObject({ maxBytes: 100 });
    expect(await keys()).toEqual([]);
    expect(await store.has(sha256(bytes))).toBe(false);
    expect(await readdir(path.join(spoolDir, 'tmp'))).toEqual([]);
  });

  it('stores bytes in memory (putBytes) under the same key as put, and nothing past maxBytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    const stored = await store.putBytes(bytes, { maxBytes: 100 });
    expect(stored).toEqual({ sha256: sha256(bytes), size: 100, head: bytes.subarray(0, 64) });
    expect(await readAll(store.open(stored.sha256))).toEqual(bytes);
    await expect(store.putBytes(Buffer.alloc(101), { maxBytes: 100 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await keys()).toEqual([`mail/blobs/${stored.sha256.slice(0, 2)}/${stored.sha256}`]);
  });

  it('accepts exactly maxBytes, and an empty blob', async () => {
    expect((await store.put(Readable.from([Buffer.alloc(100)]), { maxBytes: 100 })).size).toBe(100);
    const empty = await store.put(Readable.from([]), { maxBytes: 0 });
    expect(empty).toEqual({ sha256: sha256(Buffer.alloc(0)), size: 0, head: Buffer.alloc(0) });
    expect(await readAll(store.open(empty.sha256))).toEqual(Buffer.alloc(0));
  });

  it('refuses addresses that are not sha256 digests, and fails a missing blob as ENOENT', async () => {
    expect(() => store.open('../../etc/passwd')).toThrow('Not a sha256 digest');
    expect(await store.has('../../etc/passwd')).toBe(false);
    expect(await store.has('a'.repeat(64))).toBe(false);
    await expect(readAll(store.open('a'.repeat(64)))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('lists its blobs with size and last write, skipping other keys and other prefixes', async () => {
    const a = await putText('first');
    const b = await putText('second file');
    const put = (key: string) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
    await put(`mail/blobs/${a.slice(0, 2)}/notes.txt`);
    await put(`other/${a.slice(0, 2)}/${a}`);
    await put(`mail/blobs/zz/${'f'.repeat(64)}`);
    const files = [];
    for await (const file of store.list()) files.push(file);
    expect(files.map(({ sha256: address, size }) => ({ address, size })).sort((x, y) => x.address.localeCompare(y.address))).toEqual(
      [
        { address: a, size: 5 },
        { address: b, size: 11 },
      ].sort((x, y) => x.address.localeCompare(y.address)),
    );
    const stat = await store.stat(a);
    expect(stat).toEqual({ sha256: a, size: 5, modifiedAt: expect.any(Date) });
    expect(Math.abs(stat!.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('lists past one page of keys', async () => {
    const paged = createS3BlobStore({ bucket, prefix: '', client, spoolDir, listPageSize: 2 });
    const addresses = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(async (text) => (await paged.put(Readable.from([Buffer.from(text)]), { maxBytes: 100 })).sha256));
    const listed: string[] = [];
    for await (const file of paged.list()) listed.push(file.sha256);
    expect(listed.sort()).toEqual(addresses.sort());
  });

  it('removes a blob once, and then no longer has it', async () => {
    const address = await putText('to go');
    const kept = await putText('to stay');
    expect(await store.remove(address)).toBe(true);
    expect(await store.remove(address)).toBe(false);
    expect(await store.has(address)).toBe(false);
    expect(await store.stat(address)).toBeNull();
    expect(await store.has(kept)).toBe(true);
    await expect(store.remove('../../etc/passwd')).rejects.toThrow('Not a sha256 digest');
  });

  it('removes spooled uploads a crash left, last written no later than the cutoff', async () => {
    const tmp = path.join(spoolDir, 'tmp');
    await mkdir(tmp, { recursive: true });
    await writeFile(path.join(tmp, 'crashed'), Buffer.alloc(300));
    await writeFile(path.join(tmp, 'in-progress'), Buffer.alloc(20));
    const cutoff = new Date(Date.now() - 3_600_000);
    await utimes(path.join(tmp, 'crashed'), new Date(cutoff.getTime() - 1000), new Date(cutoff.getTime() - 1000));
    expect(await store.removeAbandonedUploads(cutoff)).toEqual({ files: 1, bytes: 300 });
    expect(await readdir(tmp)).toEqual(['in-progress']);
  });

  it('reads a whole blob with readBlob, and refuses one longer than maxBytes', async () => {
    const address = await putText('{"name":"kb"}');
    expect((await readBlob(store, address, 13)).toString()).toBe('{"name":"kb"}');
    await expect(readBlob(store, address, 12)).rejects.toBeInstanceOf(BlobTooLargeError);
  });
});

describe('blobStoreFromEnvironment', () => {
  it('is S3 for BLOB_STORE=s3://bucket/prefix, with the endpoint, path style and credentials of the environment', async () => {
    const fromEnv = await blobStoreFromEnvironment(
      {
        BLOB_STORE: `s3://${bucket}/env-prefix/`,
        S3_ENDPOINT: endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      },
      () => {
        throw new Error('BLOB_DIR is not read for S3');
      },
    );
    const { sha256: address } = await fromEnv.put(Readable.from([Buffer.from('via env')]), { maxBytes: 100 });
    expect(await keys()).toEqual([`env-prefix/${address.slice(0, 2)}/${address}`]);
  });

  it('is the file store in BLOB_DIR without BLOB_STORE', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kit-blob-env-'));
    try {
      const fromEnv = await blobStoreFromEnvironment({}, () => dir);
      const { sha256: address } = await fromEnv.put(Readable.from([Buffer.from('on disk')]), { maxBytes: 100 });
      expect(await readdir(path.join(dir, address.slice(0, 2)))).toEqual([address]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('parses s3:// URLs and refuses anything else', () => {
    expect(parseS3Url('s3://switchboard-blobs')).toEqual({ bucket: 'switchboard-blobs', prefix: '' });
    expect(parseS3Url('s3://switchboard-blobs/mail/attachments/')).toEqual({ bucket: 'switchboard-blobs', prefix: 'mail/attachments' });
    expect(() => parseS3Url('https://example.com/bucket')).toThrow('is not s3://<bucket>/<prefix>');
    expect(() => parseS3Url('s3://UPPER/x')).toThrow('is not s3://');
  });
});
