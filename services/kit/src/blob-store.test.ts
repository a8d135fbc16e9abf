import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobTooLargeError, createFileBlobStore, readBlob, type BlobStore } from './blob-store';

let root: string;
let store: BlobStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kit-blobs-'));
  store = createFileBlobStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The files a store keeps: `<first two hex>/<sha256>`, and nothing left in tmp. */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe('file blob store', () => {
  it('stores bytes under their sha256 and streams them back', async () => {
    const bytes = Buffer.from('hello blobs');
    const stored = await store.put(Readable.from([bytes]), { maxBytes: 100 });
    expect(stored).toEqual({ sha256: sha256(bytes), size: bytes.length, head: bytes });
    expect(await readAll(store.open(stored.sha256))).toEqual(bytes);
    expect(await store.has(stored.sha256)).toBe(true);
    expect(await storedFiles()).toEqual([path.join(stored.sha256.slice(0, 2), stored.sha256)]);
  });

  it('returns the first 64 bytes as head, however the stream is chunked', async () => {
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => i));
    const chunks = [bytes.subarray(0, 10), bytes.subarray(10, 50), bytes.subarray(50, 70), bytes.subarray(70)];
    const stored = await store.put(Readable.from(chunks), { maxBytes: 200 });
    expect(stored.head).toEqual(bytes.subarray(0, 64));
    expect(stored.size).toBe(200);
  });

  it('keeps equal content once', async () => {
    const bytes = Buffer.from('same bytes');
    const first = await store.put(Readable.from([bytes]), { maxBytes: 100 });
    const second = await store.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]), { maxBytes: 100 });
    expect(second.sha256).toBe(first.sha256);
    expect(await storedFiles()).toHaveLength(1);
  });

  it('refuses more than maxBytes and keeps nothing', async () => {
    const bytes = Buffer.alloc(101, 1);
    const put = store.put(Readable.from([bytes.subarray(0, 60), bytes.subarray(60)]), { maxBytes: 100 });
    await expect(put).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(put).rejects.toMatchObject({ maxBytes: 100 });
    expect(await storedFiles()).toEqual([]);
    expect(await store.has(sha256(bytes))).toBe(false);
  });

  it('accepts exactly maxBytes, and an empty blob', async () => {
    expect((await store.put(Readable.from([Buffer.alloc(100)]), { maxBytes: 100 })).size).toBe(100);
    const empty = await store.put(Readable.from([]), { maxBytes: 0 });
    expect(empty).toEqual({ sha256: sha256(Buffer.alloc(0)), size: 0, head: Buffer.alloc(0) });
  });

  it('refuses addresses that are not sha256 digests', async () => {
    expect(() => store.open('../../etc/passwd')).toThrow('Not a sha256 digest');
    expect(await store.has('../../etc/passwd')).toBe(false);
    expect(await store.has('a'.repeat(64))).toBe(false);
  });
});

describe('readBlob', () => {
  it('reads a whole blob, and refuses one longer than maxBytes', async () => {
    const bytes = Buffer.from('{"name":"kb"}');
    const { sha256: address } = await store.put(Readable.from([bytes]), { maxBytes: 100 });
    expect(await readBlob(store, address, bytes.length)).toEqual(bytes);
    await expect(readBlob(store, address, bytes.length - 1)).rejects.toBeInstanceOf(BlobTooLargeError);
  });
});
