import type { BlobStore } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { SenderContacts } from './inbound/sender-contact';
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
    /** CRM's contacts for the senders of received emails (issue 13); null without CRM. */
    senderContacts: SenderContacts | null;
  }
}

/** What mail works with that is made outside it (server.ts, tests, benches). */
export interface MailResources {
  blobStore: BlobStore;
  ticketsClient: TicketsClient;
  /** Macros for sends (E13); without it a send with a macro is 503 TEMPLATES_UNAVAILABLE. */
  macroSource?: MacroSource;
  /** Senders of received emails matched to CRM contacts; without it new tickets keep only the address. */
  senderContacts?: SenderContacts;
}

/** Decorates `app.blobStore`, `app.ticketsClient`, `app.macroSource` and `app.senderContacts`, for the repositories that depend on them. */
export const mailResourcesPlugin = fp(
  async (app: FastifyInstance, resources: MailResources) => {
    app.decorate('blobStore', resources.blobStore);
    app.decorate('ticketsClient', resources.ticketsClient);
    app.decorate('macroSource', resources.macroSource ?? null);
    app.decorate('senderContacts', resources.senderContacts ?? null);
  },
  { name: 'mail-resources' },
);
