import type { BlobStore } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { MacroSource } from './macros/macro-source';
import type { TicketsClient } from './tickets-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where attachment bytes live. */
    blobStore: BlobStore;
    /** The tickets service, called as the service `mail` (M1). */
    ticketsClient: TicketsClient;
    /** The templates service's macros, for sends that run one (E13); null when none is configured. */
    macroSource: MacroSource | null;
  }
}

/** What mail works with that is made outside it (server.ts, tests, benches). */
export interface MailResources {
  blobStore: BlobStore;
  ticketsClient: TicketsClient;
  /** Macros for sends (E13); without it a send with a macro is 503 TEMPLATES_UNAVAILABLE. */
  macroSource?: MacroSource;
}

/** Decorates `app.blobStore`, `app.ticketsClient` and `app.macroSource`, for the repositories that depend on them. */
export const mailResourcesPlugin = fp(
  async (app: FastifyInstance, resources: MailResources) => {
    app.decorate('blobStore', resources.blobStore);
    app.decorate('ticketsClient', resources.ticketsClient);
    app.decorate('macroSource', resources.macroSource ?? null);
  },
  { name: 'mail-resources' },
);
