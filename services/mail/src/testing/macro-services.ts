import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Jwks } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, type TestDatabase, type TestKeys } from '@switchboard/service-kit/testing';
import { createLocalJWKSet } from 'jose';
import { buildApp as buildCrmApp } from '../../../crm/src/app';
import { buildApp as buildIdentityApp } from '../../../identity/src/app';

/**
 * What a mail worker process needs to run macros (E13) as in production: a real identity
 * service that gives `mail` its service tokens, and a real CRM, both listening on free ports.
 */
export interface MacroServices {
  /**
   * Test keys whose `getKey` also trusts identity's keys: a tickets or CRM app built with it takes
   * the worker's service tokens and the test's own tokens.
   */
  keys: TestKeys;
  crm: ServiceApp;
  /** CRM's database, for a CRM process of its own on the same data (the throughput bench). */
  crmDatabaseUrl: string;
  /** Identity's key set, for a service process that takes the worker's service tokens. */
  identityJwksUrl: string;
  /** The worker's environment for macros, given the tickets service's URL. */
  workerEnv(ticketsUrl: string): { TICKETS_URL: string; CRM_URL: string; IDENTITY_URL: string; SERVICE_SECRET: string };
  close(): Promise<void>;
}

export const urlOf = (app: ServiceApp) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

/** Starts identity (with a service secret for `mail`) and CRM, each on its own database. */
export async function startMacroServices(): Promise<MacroServices> {
  const secret = randomBytes(24).toString('hex');
  const dbs: TestDatabase[] = [];
  const apps: ServiceApp[] = [];
  const close = async () => {
    for (const app of apps.reverse()) await app.close();
    await Promise.all(dbs.map((db) => db.drop()));
  };
  try {
    dbs.push(await createTestDatabase('sb_macro_identity'), await createTestDatabase('sb_macro_crm'));
    const identity = await buildIdentityApp({ databaseUrl: dbs[0].url, logger: false, poolSize: 2, serviceSecrets: { mail: secret } });
    apps.push(identity);
    await identity.listen({ port: 0, host: '127.0.0.1' });
    const testKeys = await createTestKeys();
    const identityJwks = (await (await fetch(`${urlOf(identity)}/.well-known/jwks.json`)).json()) as Jwks;
    const keys = { ...testKeys, getKey: createLocalJWKSet({ keys: [...testKeys.jwks.keys, ...identityJwks.keys] }) };
    const crm = await buildCrmApp({ databaseUrl: dbs[1].url, logger: false, getKey: keys.getKey, poolSize: 4 });
    apps.push(crm);
    await crm.listen({ port: 0, host: '127.0.0.1' });
    return {
      keys,
      crm,
      crmDatabaseUrl: dbs[1].url,
      identityJwksUrl: `${urlOf(identity)}/.well-known/jwks.json`,
      workerEnv: (ticketsUrl) => ({ TICKETS_URL: ticketsUrl, CRM_URL: urlOf(crm), IDENTITY_URL: urlOf(identity), SERVICE_SECRET: secret }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
