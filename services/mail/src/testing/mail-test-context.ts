import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileBlobStore, type BlobStore, type ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, type TestClaims, type TestDatabase, type TestKeys } from '@switchboard/service-kit/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp as buildTicketsApp } from '../../../tickets/src/app';
import { buildApp } from '../app';
import { QueueEntity } from '../entities';
import type { ImapPollersPluginOptions } from '../inbound/imap/imap-pollers.plugin';
import type { InboundFilerOptions } from '../inbound/inbound-filer';
import type { InboundSpoolOptions } from '../inbound/inbound-spool';
import type { RemoteImageOptions } from '../inbound/remote-image-fetch';
import type { SenderContacts } from '../inbound/sender-contact';
import type { MacroSource } from '../macros/macro-source';
import { createTicketsClient, type TicketsClient } from '../tickets-client';

/** A queue a test made. */
export interface TestQueue {
  id: string;
  name: string;
  fromAddress: string;
}

/**
 * One mail app on its own fresh database, with a real tickets service (its own database,
 * listening on a free port) that mail calls with `service:mail` tokens, for one test file.
 */
export interface MailTestContext {
  app: ServiceApp;
  /** The tickets service mail talks to. */
  tickets: ServiceApp;
  /** Base URL of the tickets service. */
  ticketsUrl: string;
  /** The client the mail app uses. */
  ticketsClient: TicketsClient;
  keys: TestKeys;
  blobStore: BlobStore;
  /** The mail database, e.g. for a second app over the same data. */
  databaseUrl: string;
  /** The tickets database, e.g. for a tickets service started again after an outage. */
  ticketsDatabaseUrl: string;
  /** `app.inject` that also remembers every answer, so a file can assert it never saw a 5xx. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** An Authorization header with a valid mail token over the given claims. */
  auth(claims?: Omit<TestClaims, 'aud'>): Promise<Record<string, string>>;
  /** An Authorization header for the tickets service (to check what mail did there). */
  ticketsAuth(claims?: Omit<TestClaims, 'aud'>): Promise<Record<string, string>>;
  /** Inserts a queue into mail's table. */
  addQueue(queue: TestQueue & { fromName?: string }): Promise<void>;
  /** Every request answered with a 5xx so far, as `METHOD url -> status`. */
  serverErrors(): string[];
  close(): Promise<void>;
}

/** Options of the mail app under test. */
export interface MailTestOptions {
  seedDemo?: boolean;
  /** Seed the tickets demo (3,000 tickets, 20 linked demo emails). */
  seedTicketsDemo?: boolean;
  /** Decorated as `app.outboxRelay` before the app is ready. */
  outboxRelay?: { kick(): void };
  /** The keys to sign and verify with, when other services of the test must share them. */
  keys?: TestKeys;
  /** Macros for sends (E13), e.g. a real templates service's. */
  macroSource?: MacroSource;
  /** Senders of received emails matched in CRM (issue 13), e.g. a real CRM service's. */
  senderContacts?: SenderContacts;
  /** How received emails' remote images are fetched (a local image server needs private addresses). */
  remoteImages?: RemoteImageOptions;
  /** Undo window of agents who never chose one (E14); default 0, so sends are released at once. */
  undoSendSeconds?: number;
  /** The filer of received messages; by default without its timed sweep, so a test files with `app.inboundFiler.fileNow()`. */
  inboundFiling?: InboundFilerOptions;
  /** The spool's recorder of received messages; by default without its timed sweep or delay, so a test records with `app.inboundSpool.processNow()`. */
  inboundSpool?: InboundSpoolOptions;
  /** IMAP pollers (and the key the admins' mailbox routes seal with); none by default. */
  imap?: ImapPollersPluginOptions;
}

/** Creates two databases, test keys, a blob directory, the tickets app (listening) and the mail app. */
export async function createMailTestContext(options: MailTestOptions = {}): Promise<MailTestContext> {
  const keys = options.keys ?? (await createTestKeys());
  const dbs: TestDatabase[] = [];
  const blobDir = await mkdtemp(path.join(tmpdir(), 'sb-mail-blobs-'));
  let tickets: ServiceApp | undefined;
  let app: ServiceApp | undefined;
  const close = async () => {
    await app?.close();
    await tickets?.close();
    await Promise.all(dbs.map((db) => db.drop()));
    await rm(blobDir, { recursive: true, force: true });
  };
  let ticketsUrl: string;
  let ticketsClient: TicketsClient;
  const blobStore = createFileBlobStore(blobDir);
  try {
    dbs.push(await createTestDatabase('sb_mail'), await createTestDatabase('sb_mail_tickets'));
    tickets = await buildTicketsApp({
      databaseUrl: dbs[1].url,
      logger: false,
      getKey: keys.getKey,
      poolSize: 4,
      seedDemo: options.seedTicketsDemo,
    });
    await tickets.listen({ port: 0, host: '127.0.0.1' });
    ticketsUrl = `http://127.0.0.1:${(tickets.server.address() as AddressInfo).port}`;
    ticketsClient = createTicketsClient({
      baseUrl: ticketsUrl,
      getToken: () => keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' }),
    });
    app = await buildApp({
      databaseUrl: dbs[0].url,
      logger: false,
      getKey: keys.getKey,
      poolSize: 4,
      blobStore,
      ticketsClient,
      macroSource: options.macroSource,
      senderContacts: options.senderContacts,
      remoteImages: options.remoteImages,
      seedDemo: options.seedDemo,
      undoSendSeconds: options.undoSendSeconds ?? 0,
      inboundFiling: options.inboundFiling ?? { sweepMs: 0 },
      inboundSpool: options.inboundSpool ?? { sweepMs: 0 },
      imap: options.imap,
    });
    if (options.outboxRelay) app.decorate('outboxRelay', options.outboxRelay);
    await app.ready();
  } catch (error) {
    await close();
    throw error;
  }
  // A const, so the closures below see the app as built.
  const mail = app;
  const errors: string[] = [];
  return {
    app: mail,
    tickets,
    ticketsUrl,
    ticketsClient,
    keys,
    blobStore,
    databaseUrl: dbs[0].url,
    ticketsDatabaseUrl: dbs[1]!.url,
    inject: async (request) => {
      const response = await mail.inject(request);
      if (response.statusCode >= 500) {
        errors.push(`${request.method ?? 'GET'} ${String(request.url)} -> ${response.statusCode} ${response.body}`);
      }
      return response;
    },
    auth: async (claims = {}) => ({ authorization: `Bearer ${await keys.sign({ ...claims, aud: 'mail' })}` }),
    ticketsAuth: async (claims = {}) => ({ authorization: `Bearer ${await keys.sign({ ...claims, aud: 'tickets' })}` }),
    addQueue: async (queue) => {
      const em = mail.orm.em.fork();
      em.create(QueueEntity, { ...queue, fromName: queue.fromName ?? null, smtpUrlEncrypted: null });
      await em.flush();
    },
    serverErrors: () => [...errors],
    close,
  };
}
