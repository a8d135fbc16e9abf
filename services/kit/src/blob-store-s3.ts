import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { bytesToPut, createFileBlobStore, SHA256_HEX, spoolBlob, type BlobFile, type BlobStore } from './blob-store';

/** Where an S3 blob store keeps its objects, and how to reach the server. */
export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix without slashes at either end; blobs are `<prefix>/<first two hex>/<sha256>`. Empty: the bucket's root. */
  prefix: string;
  /** The S3 client: region, endpoint (S3-compatible servers), credentials (default: the AWS SDK's chain). */
  client: S3Client;
  /**
   * Where `put` spools an upload while hashing it, before the object is written under its
   * sha256 (S3 objects are named once, and the name is known only at the end). Default:
   * `<os tmpdir>/switchboard-s3-uploads`.
   */
  spoolDir?: string;
  /** Keys asked for per LIST request (S3's maximum and default: 1000). */
  listPageSize?: number;
}

/** The object is not there: S3's NotFound (HEAD) or NoSuchKey (GET). */
const isMissing = (error: unknown) => ['NotFound', 'NoSuchKey'].includes((error as { name?: string }).name ?? '');

/**
 * The blob store on S3 or an S3-compatible server (MinIO, Ceph), for replicas that share no
 * disk: the same calls and addresses as the file store (decision 0006). `put` spools the bytes
 * to a local file while hashing and counting them, then writes one object under their sha256,
 * so a failed or oversized upload never leaves an object, and an object is never half-written.
 * `removeAbandonedUploads` cleans this process's spool folder (a crash mid-upload); S3 itself
 * holds no partial uploads, because objects are written with one PUT.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { bucket, client } = options;
  const prefix = options.prefix.replace(/^\/+|\/+$/g, '');
  const keyPrefix = prefix ? `${prefix}/` : '';
  const spoolRoot = options.spoolDir ?? path.join(tmpdir(), 'switchboard-s3-uploads');
  // Spooled uploads sit where a file store keeps its unfinished ones (`<root>/tmp`), so that
  // store's removeAbandonedUploads cleans up after a crash.
  const spoolDir = path.join(spoolRoot, 'tmp');
  const spool = createFileBlobStore(spoolRoot);
  const keyOf = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) throw new Error(`Not a sha256 digest: ${sha256}`);
    return `${keyPrefix}${sha256.slice(0, 2)}/${sha256}`;
  };
  const stat = async (sha256: string): Promise<BlobFile | null> => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
      return { sha256, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  };
  return {
    async put(source, { maxBytes }) {
      const spooled = await spoolBlob(source, spoolDir, maxBytes);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: keyOf(spooled.sha256),
            Body: createReadStream(spooled.path),
            ContentLength: spooled.size,
            ContentType: 'application/octet-stream',
          }),
        );
        return { sha256: spooled.sha256, size: spooled.size, head: spooled.head };
      } finally {
        await rm(spooled.path, { force: true });
      }
    },
    async putBytes(bytes, { maxBytes }) {
      const put = bytesToPut(bytes, maxBytes);
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: keyOf(put.sha256), Body: bytes, ContentLength: put.size, ContentType: 'application/octet-stream' }),
      );
      return put;
    },
    open(sha256) {
      const key = keyOf(sha256);
      const out = new PassThrough();
      client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then(
        (object) => pipeline(object.Body as Readable, out).catch(() => undefined),
        (error: unknown) => {
          // As the file store's stream does for a missing file, so callers see one error for both.
          out.destroy(isMissing(error) ? Object.assign(new Error(`No blob ${sha256}`), { code: 'ENOENT' }) : (error as Error));
        },
      );
      return out;
    },
    async has(sha256) {
      return SHA256_HEX.test(sha256) && (await stat(sha256)) !== null;
    },
    async *list() {
      // LIST version 1, paged by the last key seen: every S3-compatible server has it, where
      // version 2's continuation tokens fail on some (s3rver's are DES, which OpenSSL 3 dropped).
      let marker: string | undefined;
      for (;;) {
        const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: keyPrefix, Marker: marker, MaxKeys: options.listPageSize }));
        for (const object of page.Contents ?? []) {
          const [shard, name, ...rest] = (object.Key ?? '').slice(keyPrefix.length).split('/');
          if (rest.length || !SHA256_HEX.test(name ?? '') || !name.startsWith(shard)) continue;
          yield { sha256: name, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) };
        }
        marker = page.Contents?.at(-1)?.Key;
        if (!page.IsTruncated || !marker) return;
      }
    },
    stat,
    async remove(sha256) {
      const key = keyOf(sha256);
      // DELETE succeeds for a missing key too: HEAD first tells whether there was something to remove.
      if (!(await stat(sha256))) return false;
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    },
    removeAbandonedUploads: (cutoff) => spool.removeAbandonedUploads(cutoff),
  };
}

/** The parts of `s3://bucket/prefix`. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`BLOB_STORE=${url} is not s3://<bucket>/<prefix>`);
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/\/+$/, '') };
}

/**
 * The S3 blob store for `BLOB_STORE=s3://bucket/prefix`, configured from `env`: `S3_ENDPOINT` for
 * an S3-compatible server, `S3_REGION` or `AWS_REGION` (default us-east-1),
 * `S3_FORCE_PATH_STYLE=true` for servers without bucket subdomains, and
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (else the AWS SDK's chain: a web identity, ...).
 */
export function s3BlobStoreFromEnvironment(url: string, env: NodeJS.ProcessEnv): BlobStore {
  const { bucket, prefix } = parseS3Url(url);
  const config: S3ClientConfig = {
    region: env.S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN } }
      : {}),
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    // Checksums only where S3 requires them: the address is the content's sha256 already, and
    // several S3-compatible servers refuse the SDK's newer default checksum headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  return createS3BlobStore({ bucket, prefix, client: new S3Client(config) });
}
