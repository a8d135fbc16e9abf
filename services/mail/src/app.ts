import {
  createServiceApp,
  serviceEventsPlugin,
  type BlobStore,
  type ServiceApp,
  type ServiceAppOptions,
  type ServiceEventsConfig,
} from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { attachmentsRepositoryPlugin } from './attachments/attachments.repository';
import { attachmentsRoutes } from './attachments/attachments.routes';
import { blobSweeperPlugin } from './blobs/blob-sweeper.plugin';
import { outboxRelayPlugin } from './delivery/outbox-relay.plugin';
import { draftsRepositoryPlugin } from './emails/drafts.repository';
import { draftsRoutes } from './emails/drafts.routes';
import { heldSendsRoutes } from './emails/held-sends.routes';
import { sendSettingsPlugin } from './emails/send-settings';
import { emailsRepositoryPlugin } from './emails/emails.repository';
import { sendServicePlugin } from './emails/send.service';
import { threadRoutes } from './emails/thread.routes';
import { ticketCopiesPlugin } from './emails/ticket-copy';
import { mailEntities } from './entities';
import { macroRoutes } from './macros/macro.routes';
import type { MacroSource } from './macros/macro-source';
import { liveDraftsPlugin, type LiveDraftsOptions } from './live/live.plugin';
import { liveThreadsPlugin } from './live/ticket-threads.plugin';
import { heldInboundRoutes } from './inbound/held-inbound.routes';
import { imapPollersPlugin, type ImapPollersPluginOptions } from './inbound/imap/imap-pollers.plugin';
import { inboundFilerPlugin, type InboundFilerOptions } from './inbound/inbound-filer';
import { inboundSmtpPlugin } from './inbound/inbound-smtp.plugin';
import { inboundSpoolPlugin, type InboundSpoolOptions } from './inbound/inbound-spool';
import { inboundParserPlugin, type InboundParserOptions } from './inbound/inbound-parser';
import type { RemoteImageOptions } from './inbound/remote-image-fetch';
import { remoteImagesRoutes } from './inbound/remote-images.routes';
import type { SenderContacts } from './inbound/sender-contact';
import type { InboundSmtpOptions } from './inbound/smtp-listener';
import { mailMigrations } from './migrations';
import { queuesRepositoryPlugin } from './queues/queues.repository';
import { queueMailboxRoutes } from './queues/queue-mailbox.routes';
import { queuesRoutes } from './queues/queues.routes';
import { mailResourcesPlugin } from './resources';
import { demoSeedPlugin } from './seed/demo-seed.plugin';
import type { TicketsClient } from './tickets-client';

/** What the mail service needs; server.ts reads these from the environment. */
export interface MailAppOptions {
  /** postgres:// URL; the service keeps its tables in the `mail` schema. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino options, or false for silence (tests). */
  logger?: ServiceAppOptions['logger'];
  /** Token verification keys: the identity service's JWKS in production. */
  getKey: JWTVerifyGetKey;
  /** Attachment bytes. */
  blobStore: BlobStore;
  /** The tickets service. */
  ticketsClient: TicketsClient;
  /** The templates service's macros, for sends that run one (E13). */
  macroSource?: MacroSource;
  /** CRM's contacts, matched with the senders of received emails (issue 13). */
  senderContacts?: SenderContacts;
  /** How received emails' remote images are fetched once allowed (issue 13). */
  remoteImages?: RemoteImageOptions;
  /** Seed the demo queues, and the demo inbound emails when there are no emails yet. */
  seedDemo?: boolean;
  /**
   * Redis of the send queue (REDIS_URL). With it the app runs an outbox relay that a send
   * kicks; without it sends wait in the outbox for a worker process's relay.
   */
  redisUrl?: string;
  /** BullMQ key prefix of the send queue (MAIL_QUEUE_PREFIX, default `sb`); the worker's must match. */
  queuePrefix?: string;
  /**
   * Removal of attachment bytes no email uses (BLOB_SWEEP_INTERVAL_MS, BLOB_SWEEP_GRACE_MS):
   * a sweep at start, then `intervalMs` after each. Off when absent or `intervalMs` is 0.
   */
  blobSweep?: { intervalMs: number; graceMs: number };
  /** Service events (REDIS_URL): relays email.sent and email.received (decision 0010). */
  events?: ServiceEventsConfig;
  /** The inbound SMTP listener (INBOUND_SMTP_PORT, INBOUND_SMTP_HOST, INBOUND_SMTP_RATE); off when absent. */
  inboundSmtp?: InboundSmtpOptions;
  /** Filing of received messages in batches (INBOUND_FILE_RETRY_MS: its sweep); always on. */
  inboundFiling?: InboundFilerOptions;
  /** The inbound spool's recorder (INBOUND_SPOOL_RETRY_MS, INBOUND_SPOOL_DELAY_MS). */
  inboundSpool?: InboundSpoolOptions;
  /** The parse workers of received messages (INBOUND_PARSE_THREADS). */
  inboundParser?: InboundParserOptions;
  /** IMAP pollers of queues with a mailbox (MAIL_SECRET_KEY, IMAP_POLL_INTERVAL_MS, IMAP_IDLE_MS, REDIS_URL); off when absent. */
  imap?: ImapPollersPluginOptions;
  /** Undo window of agents who never chose one, in seconds (MAIL_UNDO_SEND_SECONDS, default 10, E14). */
  undoSendSeconds?: number;
  /** Live drafts (T1) and ticket threads (issue 13): by default over `redisUrl`, with `queuePrefix` starting the channel names. */
  live?: LiveDraftsOptions;
}

/** Builds the mail service (migrations applied); it does not listen. */
export async function buildApp(options: MailAppOptions): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'mail',
    logger: options.logger,
    auth: { audience: 'mail', getKey: options.getKey },
    orm: {
      databaseUrl: options.databaseUrl,
      schema: 'mail',
      entities: mailEntities,
      migrations: mailMigrations,
      poolSize: options.poolSize,
    },
  });
  await app.register(mailResourcesPlugin, {
    blobStore: options.blobStore,
    ticketsClient: options.ticketsClient,
    macroSource: options.macroSource,
    senderContacts: options.senderContacts,
  });
  await app.register(ticketCopiesPlugin);
  await app.register(queuesRepositoryPlugin);
  await app.register(emailsRepositoryPlugin);
  await app.register(draftsRepositoryPlugin);
  await app.register(sendSettingsPlugin, { undoSendSeconds: options.undoSendSeconds });
  await app.register(sendServicePlugin);
  await app.register(attachmentsRepositoryPlugin);
  await app.register(queuesRoutes);
  await app.register(queueMailboxRoutes, { secretKey: options.imap?.secretKey });
  await app.register(draftsRoutes);
  await app.register(heldSendsRoutes);
  await app.register(threadRoutes);
  await app.register(attachmentsRoutes);
  await app.register(macroRoutes);
  await app.register(remoteImagesRoutes, options.remoteImages ?? {});
  await app.register(heldInboundRoutes);
  const live = options.live ?? { redisUrl: options.redisUrl, channelPrefix: options.queuePrefix ?? 'sb' };
  await app.register(liveDraftsPlugin, live);
  await app.register(liveThreadsPlugin, live);
  if (options.redisUrl) await app.register(outboxRelayPlugin, { redisUrl: options.redisUrl, prefix: options.queuePrefix ?? 'sb' });
  if (options.events) await app.register(serviceEventsPlugin, { ...options.events, schema: 'mail', relay: true });
  if (options.blobSweep?.intervalMs) await app.register(blobSweeperPlugin, options.blobSweep);
  await app.register(inboundParserPlugin, options.inboundParser ?? {});
  if (options.inboundSmtp) await app.register(inboundSmtpPlugin, options.inboundSmtp);
  if (options.imap) await app.register(imapPollersPlugin, options.imap);
  // After the listener and the pollers, so they close after them and record and file what they took last.
  await app.register(inboundSpoolPlugin, options.inboundSpool ?? {});
  await app.register(inboundFilerPlugin, options.inboundFiling ?? {});
  if (options.seedDemo) await app.register(demoSeedPlugin);
  return app;
}
