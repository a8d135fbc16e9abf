import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
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

  it('makes its folders again when they were removed after a put', async () => {
    const first = await store.put(Readable.from([Buffer.from('before')]), { maxBytes: 100 });
    await rm(root, { recursive: true, force: true });
    const bytes = Buffer.from('after');
    const stored = await store.put(Readable.from([bytes]), { maxBytes: 100 });
    expect(await readAll(store.open(stored.sha256))).toEqual(bytes);
    expect(await store.has(first.sha256)).toBe(false);
    expect(await storedFiles()).toEqual([path.join(stored.sha256.slice(0, 2), stored.sha256)]);
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

  it('stores bytes in memory (putBytes) as put stores a stream: same address, same file, folders made again, nothing kept past maxBytes', async () => {
    const bytes = Buffer.from('x'.repeat(80));
    const streamed = await store.put(Readable.from([bytes]), { maxBytes: 100 });
    expect(await store.putBytes(bytes, { maxBytes: 100 })).toEqual(streamed);
    expect(await storedFiles()).toEqual([path.join(streamed.sha256.slice(0, 2), streamed.sha256)]);
    await rm(root, { recursive: true, force: true });
    const again = await store.putBytes(Buffer.from('after'), { maxBytes: 100 });
    expect(await readAll(store.open(again.sha256))).toEqual(Buffer.from('after'));
    await expect(store.putBytes(Buffer.alloc(101), { maxBytes: 100 })).rejects.toMatchObject({ maxBytes: 100 });
    expect(await storedFiles()).toEqual([path.join(again.sha256.slice(0, 2), again.sha256)]);
  });

  it('refuses addresses that are not sha256 digests', async () => {
    expect(() => store.open('../../etc/passwd')).toThrow('Not a sha256 digest');
    expect(await store.has('../../etc/passwd')).toBe(false);
    expect(await store.has('a'.repeat(64))).toBe(false);
  });
});

/** Stores text and returns its sha256. */
const putText = async (text: string) => (await store.put(Readable.from([Buffer.from(text)]), { maxBytes: 100 })).sha256;

/** Sets a stored file's modification time (what the sweep's grace period looks at). */
const age = (relativePath: string, at: Date) => utimes(path.join(root, relativePath), at, at);
const blobFile = (address: string) => path.join(address.slice(0, 2), address);
const HOUR = 3_600_000;

async function listAll(): Promise<Array<{ sha256: string; size: number; modifiedAt: Date }>> {
  const files = [];
  for await (const file of store.list()) files.push(file);
  return files.sort((a, b) => a.sha256.localeCompare(b.sha256));
}

describe('listing and removing (for an owner that knows which blobs are unused)', () => {
  it('lists nothing before the first put', async () => {
    expect(await listAll()).toEqual([]);
    expect(await store.removeAbandonedUploads(new Date())).toEqual({ files: 0, bytes: 0 });
  });

  it('lists every stored blob with its size and modification time, but no temp file or stray name', async () => {
    const a = await putText('first');
    const b = await putText('second file');
    const yesterday = new Date(Date.now() - 24 * HOUR);
    await age(blobFile(a), yesterday);
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    await writeFile(path.join(root, 'tmp', 'unfinished'), 'half');
    await writeFile(path.join(root, a.slice(0, 2), 'notes.txt'), 'not a blob');
    await mkdir(path.join(root, 'lost+found'));
    const files = await listAll();
    expect(files.map(({ sha256: address, size }) => ({ address, size }))).toEqual(
      [
        { address: a, size: 5 },
        { address: b, size: 11 },
      ].sort((x, y) => x.address.localeCompare(y.address)),
    );
    expect(files.find((f) => f.sha256 === a)?.modifiedAt.getTime()).toBe(yesterday.getTime());
    expect(await store.stat(a)).toEqual({ sha256: a, size: 5, modifiedAt: yesterday });
  });

  it('renews the modification time when the same content is put again', async () => {
    const address = await putText('uploaded twice');
    const yesterday = new Date(Date.now() - 24 * HOUR);
    await age(blobFile(address), yesterday);
    await putText('uploaded twice');
    const renewed = await store.stat(address);
    expect(renewed?.modifiedAt.getTime()).toBeGreaterThan(yesterday.getTime() + 23 * HOUR);
  });

  it('removes a blob once, and then no longer has it', async () => {
    const address = await putText('to go');
    const kept = await putText('to stay');
    expect(await store.remove(address)).toBe(true);
    expect(await store.remove(address)).toBe(false);
    expect(await store.has(address)).toBe(false);
    expect(await store.stat(address)).toBeNull();
    expect((await listAll()).map((f) => f.sha256)).toEqual([kept]);
    await expect(store.remove('../../etc/passwd')).rejects.toThrow('Not a sha256 digest');
  });

  it('skips blobs removed while the listing runs', async () => {
    const addresses = await Promise.all(['one', 'two', 'three'].map(putText));
    const seen: string[] = [];
    for await (const file of store.list()) {
      seen.push(file.sha256);
      if (seen.length === 1) await Promise.all(addresses.filter((a) => a !== file.sha256).map((a) => store.remove(a)));
    }
    expect(seen).toHaveLength(1);
  });

  it('removes temp files last written no later than the cutoff, and only those', async () => {
    await putText('a finished blob');
    const tmp = path.join(root, 'tmp');
    await writeFile(path.join(tmp, 'crashed'), Buffer.alloc(300));
    await writeFile(path.join(tmp, 'in-progress'), Buffer.alloc(20));
    const cutoff = new Date(Date.now() - HOUR);
    await age(path.join('tmp', 'crashed'), new Date(cutoff.getTime() - 1000));
    expect(await store.removeAbandonedUploads(cutoff)).toEqual({ files: 1, bytes: 300 });
    expect(await readdir(tmp)).toEqual(['in-progress']);
    expect(await listAll()).toHaveLength(1);
  });

  it('lets two parallel removals of the same temp files count each file once', async () => {
    const tmp = path.join(root, 'tmp');
    await mkdir(tmp);
    await Promise.all(['a', 'b', 'c'].map((name) => writeFile(path.join(tmp, name), Buffer.alloc(10))));
    const results = await Promise.all([store.removeAbandonedUploads(new Date()), store.removeAbandonedUploads(new Date())]);
    expect(results[0].files + results[1].files).toBe(3);
    expect(results[0].bytes + results[1].bytes).toBe(30);
    expect(await readdir(tmp)).toEqual([]);
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
