import { createTestDatabase, createTestKeys, type TestClaims, type TestDatabase, type TestKeys } from '@switchboard/service-kit/testing';
import type { ServiceApp } from '@switchboard/service-kit';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app';

/** One CRM app on its own fresh database, for one integration test file. */
export interface CrmTestContext {
  app: ServiceApp;
  keys: TestKeys;
  db: TestDatabase;
  /** `app.inject` that also remembers every answer, so a file can assert it never saw a 5xx. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** An Authorization header with a valid crm token over the given claims. */
  auth(claims?: Omit<TestClaims, 'aud'>): Promise<Record<string, string>>;
  /** Every request answered with a 5xx so far, as `METHOD url -> status`. */
  serverErrors(): string[];
  close(): Promise<void>;
}

/** Creates a database, test keys and the app (migrated, optionally seeded). */
export async function createCrmTestContext(options: { seedDemo?: boolean } = {}): Promise<CrmTestContext> {
  const db = await createTestDatabase('sb_crm');
  const keys = await createTestKeys();
  const app = await buildApp({ databaseUrl: db.url, logger: false, getKey: keys.getKey, poolSize: 4, seedDemo: options.seedDemo });
  await app.ready();
  const errors: string[] = [];
  return {
    app,
    keys,
    db,
    inject: async (request) => {
      const response = await app.inject(request);
      if (response.statusCode >= 500) {
        errors.push(`${request.method ?? 'GET'} ${String(request.url)} -> ${response.statusCode} ${response.body}`);
      }
      return response;
    },
    auth: async (claims = {}) => ({ authorization: `Bearer ${await keys.sign({ ...claims, aud: 'crm' })}` }),
    serverErrors: () => [...errors],
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
