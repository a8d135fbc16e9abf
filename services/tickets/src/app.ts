import { createServiceApp, serviceEventsPlugin, type ServiceApp, type ServiceAppOptions, type ServiceEventsConfig } from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { emailLinksRepositoryPlugin } from './email-links.repository';
import { emailsRoutes } from './emails.routes';
import { ticketsEntities } from './entities';
import { ticketCopyHandlers } from './events/copy-handlers';
import { ticketsMigrations } from './migrations';
import { demoSeedPlugin } from './seed/demo-seed.plugin';
import { ticketsRepositoryPlugin } from './tickets.repository';
import { ticketTagsRoutes } from './tags/ticket-tags';
import { ticketsRoutes } from './tickets.routes';
import { contactPairingRoutes } from './tickets/contact-pairing';
import { ticketChangesRoutes } from './tickets/ticket-changes';
import { inboundEmailRoutes } from './tickets/inbound-email';
import { outboundEmailRoutes } from './tickets/outbound-email';

/** What the tickets service needs; server.ts reads these from the environment. */
export interface TicketsAppOptions {
  /** postgres:// URL; the service keeps its tables in the `tickets` schema. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino options, or false for silence (tests). */
  logger?: ServiceAppOptions['logger'];
  /** Token verification keys: the identity service's JWKS in production. */
  getKey: JWTVerifyGetKey;
  /** Seed demo tickets when the ticket table is empty. */
  seedDemo?: boolean;
  /** Service events (REDIS_URL): CRM's contact and company changes keep the tickets' name copies. */
  events?: ServiceEventsConfig;
}

/** Builds the tickets service (migrations applied); it does not listen. */
export async function buildApp(options: TicketsAppOptions): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'tickets',
    logger: options.logger,
    auth: { audience: 'tickets', getKey: options.getKey },
    orm: {
      databaseUrl: options.databaseUrl,
      schema: 'tickets',
      entities: ticketsEntities,
      migrations: ticketsMigrations,
      poolSize: options.poolSize,
    },
  });
  await app.register(ticketsRepositoryPlugin);
  await app.register(emailLinksRepositoryPlugin);
  await app.register(ticketsRoutes);
  await app.register(contactPairingRoutes);
  await app.register(ticketTagsRoutes);
  await app.register(ticketChangesRoutes);
  await app.register(emailsRoutes);
  await app.register(inboundEmailRoutes);
  await app.register(outboundEmailRoutes);
  if (options.events) await app.register(serviceEventsPlugin, { ...options.events, schema: 'tickets', consumer: { name: 'tickets', handlers: ticketCopyHandlers } });
  if (options.seedDemo) await app.register(demoSeedPlugin);
  return app;
}
