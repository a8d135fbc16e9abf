import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, type TestClaims, type TestDatabase, type TestKeys } from '@switchboard/service-kit/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type RegistryAppOptions } from '../app';
import { multipartBody, type WidgetBuild } from './widget-build';

/** Where test assets claim to be served from. */
export const TEST_ASSET_BASE = 'http://widgets.test/registry';

/** Options of the app under test, beyond what the context provides. */
export type TestAppOptions = Partial<Omit<RegistryAppOptions, 'databaseUrl' | 'getKey' | 'dataDir'>>;

/** One registry app on its own fresh database and data folder, for one integration test file. */
export interface RegistryTestContext {
  app: ServiceApp;
  keys: TestKeys;
  db: TestDatabase;
  dataDir: string;
  /** `app.inject` that also remembers every 5xx, so a file can assert it never saw one. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** An Authorization header with a valid registry token over the given claims. */
  auth(claims?: Omit<TestClaims, 'aud'>): Promise<Record<string, string>>;
  /** An admin's Authorization header. */
  admin(): Promise<Record<string, string>>;
  /** Uploads a build as an admin. */
  publish(build: WidgetBuild): Promise<LightMyRequestResponse>;
  /** Makes a version active as an admin; fails the test unless it answers 200. */
  activate(name: string, version: string, environment?: string): Promise<void>;
  /** Builds another app on the same database and data folder (a replica, or a restart). */
  replica(options?: TestAppOptions): Promise<ServiceApp>;
  /** Every request answered with a 5xx so far, as `METHOD url -> status body`. */
  serverErrors(): string[];
  close(): Promise<void>;
}

/** Creates a database, a data folder, test keys and the app (migrated). */
export async function createRegistryTestContext(options: TestAppOptions = {}): Promise<RegistryTestContext> {
  const db = await createTestDatabase('sb_registry');
  const keys = await createTestKeys();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sb-registry-'));
  const build = (more: TestAppOptions = {}) =>
    buildApp({ databaseUrl: db.url, logger: false, getKey: keys.getKey, poolSize: 4, dataDir, assetBaseUrl: TEST_ASSET_BASE, ...options, ...more });
  const app = await build();
  await app.ready();
  const errors: string[] = [];
  const replicas: ServiceApp[] = [];
  const inject = async (request: InjectOptions) => {
    const response = await app.inject(request);
    if (response.statusCode >= 500) errors.push(`${request.method ?? 'GET'} ${String(request.url)} -> ${response.statusCode} ${response.body}`);
    return response;
  };
  const auth = async (claims: Omit<TestClaims, 'aud'> = {}) => ({
    authorization: `Bearer ${await keys.sign({ sub: randomUUID(), ...claims, aud: 'registry' })}`,
  });
  const admin = () => auth({ role: 'admin' });
  return {
    app,
    keys,
    db,
    dataDir,
    inject,
    auth,
    admin,
    async publish(widget) {
      const { payload, headers } = multipartBody(widget.files);
      return inject({ method: 'PUT', url: `/widgets/${widget.name}/versions/${widget.version}`, payload, headers: { ...headers, ...(await admin()) } });
    },
    async activate(name, version, environment) {
      const body = environment ? { version, environment } : { version };
      const res = await inject({ method: 'POST', url: `/widgets/${name}/activate`, body, headers: await admin() });
      if (res.statusCode !== 200) throw new Error(`activate ${name}@${version}: ${res.statusCode} ${res.body}`);
    },
    async replica(more) {
      const replica = await build(more);
      replicas.push(replica);
      return replica;
    },
    serverErrors: () => [...errors],
    close: async () => {
      await Promise.all(replicas.map((r) => r.close()));
      await app.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
