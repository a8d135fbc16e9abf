import type { ServiceAudience } from '@switchboard/contracts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { ServiceApp } from '../app';
import { createTestDatabase, type TestDatabase } from './database';
import { createTestKeys, type TestClaims, type TestKeys } from './keys';

/** `app.inject` that remembers every 5xx, so a test file can assert it never saw one. */
export interface RecordingInject {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Every request answered with a 5xx so far, as `METHOD url -> status body`. */
  serverErrors(): string[];
}

/** Wraps `app.inject` to record the 5xx answers. */
export function recordingInject(app: FastifyInstance): RecordingInject {
  const errors: string[] = [];
  return {
    inject: async (request) => {
      const response = await app.inject(request);
      if (response.statusCode >= 500) errors.push(`${request.method ?? 'GET'} ${String(request.url)} -> ${response.statusCode} ${response.body}`);
      return response;
    },
    serverErrors: () => [...errors],
  };
}

/** One service app on its own fresh database, for one integration test file. */
export interface ServiceTestContext extends RecordingInject {
  app: ServiceApp;
  keys: TestKeys;
  db: TestDatabase;
  /** An Authorization header with a valid token of the service's audience over the given claims. */
  auth(claims?: Omit<TestClaims, 'aud'>): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** Creates a database (named after `database`), test keys and the app `build` makes (then made ready). */
export async function createServiceTestContext(options: {
  database: string;
  audience: ServiceAudience;
  build(db: TestDatabase, keys: TestKeys): Promise<ServiceApp>;
}): Promise<ServiceTestContext> {
  const db = await createTestDatabase(options.database);
  const keys = await createTestKeys();
  const app = await options.build(db, keys);
  await app.ready();
  return {
    app,
    keys,
    db,
    ...recordingInject(app),
    auth: async (claims = {}) => ({ authorization: `Bearer ${await keys.sign({ ...claims, aud: options.audience })}` }),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
