import type { BlobStore } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TicketsClient } from './tickets-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where attachment bytes live. */
    blobStore: BlobStore;
    /** The tickets service, called as the service `mail` (M1). */
    ticketsClient: TicketsClient;
  }
}

/** What mail works with that is made outside it (server.ts, tests, benches). */
export interface MailResources {
  blobStore: BlobStore;
  ticketsClient: TicketsClient;
}

/** Decorates `app.blobStore` and `app.ticketsClient`, for the repositories that depend on them. */
export const mailResourcesPlugin = fp(
  async (app: FastifyInstance, resources: MailResources) => {
    app.decorate('blobStore', resources.blobStore);
    app.decorate('ticketsClient', resources.ticketsClient);
  },
  { name: 'mail-resources' },
);
