import { createServiceApp, serviceEventsPlugin, type ServiceApp, type ServiceAppOptions, type ServiceEventsConfig } from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { activitiesRepositoryPlugin } from './activities/activities.repository';
import { activitiesRoutes } from './activities/activities.routes';
import { calendarRepositoryPlugin } from './calendar/calendar.repository';
import { calendarRoutes } from './calendar/calendar.routes';
import { companiesRepositoryPlugin } from './companies/companies.repository';
import { companiesRoutes } from './companies/companies.routes';
import { contactsRepositoryPlugin } from './contacts/contacts.repository';
import { contactsRoutes } from './contacts/contacts.routes';
import { crmEntities } from './entities';
import { emailActivityHandlers } from './events/email-activities';
import { crmMigrations } from './migrations';
import { demoSeedPlugin } from './seed/demo-seed.plugin';
import { slasRepositoryPlugin } from './slas/slas.repository';
import { slasRoutes } from './slas/slas.routes';

/** What the CRM service needs; server.ts reads these from the environment. */
export interface CrmAppOptions {
  /** postgres:// URL; the service keeps its tables in the `crm` schema. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino options, or false for silence (tests). */
  logger?: ServiceAppOptions['logger'];
  /** Token verification keys: the identity service's JWKS in production. */
  getKey: JWTVerifyGetKey;
  /** Seed the demo's customers, activities and calendar when the contact table is empty. */
  seedDemo?: boolean;
  /** Service events (REDIS_URL): relays contact.changed / company.changed, records mail's emails as activities. */
  events?: ServiceEventsConfig;
}

/** Builds the CRM service (migrations applied); it does not listen. */
export async function buildApp(options: CrmAppOptions): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'crm',
    logger: options.logger,
    auth: { audience: 'crm', getKey: options.getKey },
    orm: {
      databaseUrl: options.databaseUrl,
      schema: 'crm',
      entities: crmEntities,
      migrations: crmMigrations,
      poolSize: options.poolSize,
    },
  });
  await app.register(contactsRepositoryPlugin);
  await app.register(companiesRepositoryPlugin);
  await app.register(activitiesRepositoryPlugin);
  await app.register(calendarRepositoryPlugin);
  await app.register(slasRepositoryPlugin);
  await app.register(contactsRoutes);
  await app.register(companiesRoutes);
  await app.register(activitiesRoutes);
  await app.register(calendarRoutes);
  await app.register(slasRoutes);
  if (options.events) {
    await app.register(serviceEventsPlugin, { ...options.events, schema: 'crm', relay: true, consumer: { name: 'crm', handlers: emailActivityHandlers(app.log) } });
  }
  if (options.seedDemo) await app.register(demoSeedPlugin);
  return app;
}
