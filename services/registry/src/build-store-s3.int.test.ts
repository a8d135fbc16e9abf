import { mkdtemp, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { blobStoreFromEnvironment } from '@switchboard/service-kit';
import S3rver from 's3rver';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { widgetBuild } from './testing/widget-build';

// Registry builds in S3 (REGISTRY_BLOB_STORE=s3://...), on an S3-compatible server of this test's own
// (s3rver, as the kit's S3 store test): replicas need no shared volume.
const BUCKET = 'switchboard-builds';
let server: S3rver;
let serverDir: string;
let env: NodeJS.ProcessEnv;
let client: S3Client;
let ctx: RegistryTestContext;

const s3Store = () => blobStoreFromEnvironment(env, () => {
  throw new Error('no folder is read with BLOB_STORE set');
});

beforeAll(async () => {
  serverDir = await mkdtemp(path.join(tmpdir(), 'registry-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: serverDir });
  const endpoint = `http://127.0.0.1:${((await server.run()) as AddressInfo).port}`;
  env = { BLOB_STORE: `s3://${BUCKET}/registry/builds`, S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: 'true', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  ctx = await createRegistryTestContext({ buildStore: await s3Store() });
});

afterAll(async () => {
  expect(ctx?.serverErrors()).toEqual([]);
  await ctx?.close();
  client?.destroy();
  await server?.close();
  await rm(serverDir, { recursive: true, force: true });
});

it('keeps uploaded build files in S3, none on the volume, and serves them from any replica', async () => {
  const build = widgetBuild({ name: 'tickets', version: '1.0.0' });
  expect((await ctx.publish(build)).statusCode).toBe(201);

  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  const keys = (listed.Contents ?? []).map((object) => object.Key);
  expect(keys.length).toBe(new Set(build.files.map((file) => file.content.toString('base64'))).size);
  expect(keys.every((key) => key?.startsWith('registry/builds/'))).toBe(true);
  await expect(stat(path.join(ctx.dataDir, 'blobs'))).rejects.toMatchObject({ code: 'ENOENT' });

  // Another replica with a store of its own (no shared folder) serves the same bytes.
  const replica = await ctx.replica({ buildStore: await s3Store() });
  for (const file of build.files) {
    const res = await replica.inject({ url: `/assets/tickets/1.0.0/${file.path}` });
    expect([file.path, res.statusCode]).toEqual([file.path, 200]);
    expect(res.rawPayload.equals(file.content)).toBe(true);
  }
});
