import { blobStoreFromEnvironment, intFromEnv, requireEnv, serveFromEnvironment, serviceEventsFromEnvironment, serviceTokenSource } from '@switchboard/service-kit';
import { buildApp } from './app';
import { serviceEndpointFromEnv } from './macros/endpoints-from-env';
import { createSenderContacts } from './inbound/sender-contact';
import { createMacroSource } from './macros/macro-source';
import { parseSecretKey } from './transport/secrets';
import { createTicketsClient } from './tickets-client';

serveFromEnvironment('mail', 4003, async ({ identityKeys, ...env }) =>
  buildApp({
    ...env,
    getKey: identityKeys(),
    ticketsClient: createTicketsClient({
      baseUrl: requireEnv('TICKETS_URL'),
      getToken: serviceTokenSource({
        identityUrl: requireEnv('IDENTITY_URL'),
        service: 'mail',
        secret: requireEnv('SERVICE_SECRET'),
        audience: 'tickets',
      }),
    }),
    macroSource: macroSourceFromEnv(),
    senderContacts: senderContactsFromEnv(),
    // Files under BLOB_DIR, or S3 when BLOB_STORE=s3://bucket/prefix (replicas share it).
    blobStore: await blobStoreFromEnvironment(process.env, () => requireEnv('BLOB_DIR')),
    redisUrl: requireEnv('REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: requireEnv('MAIL_QUEUE_PREFIX', 'sb'),
    undoSendSeconds: intFromEnv('MAIL_UNDO_SEND_SECONDS', 10),
    events: serviceEventsFromEnvironment(),
    inboundSmtp: process.env.INBOUND_SMTP_PORT
      ? { port: intFromEnv('INBOUND_SMTP_PORT', 0), host: requireEnv('INBOUND_SMTP_HOST', '127.0.0.1'), messagesPerMinute: intFromEnv('INBOUND_SMTP_RATE', 600, 1) }
      : undefined,
    imap: process.env.MAIL_SECRET_KEY
      ? {
          redisUrl: requireEnv('REDIS_URL', 'redis://127.0.0.1:6379'),
          prefix: requireEnv('MAIL_QUEUE_PREFIX', 'sb'),
          secretKey: parseSecretKey(process.env.MAIL_SECRET_KEY),
          everyMs: intFromEnv('IMAP_POLL_INTERVAL_MS', 60_000, 1000),
          idleMs: intFromEnv('IMAP_IDLE_MS', 30_000),
          lockMs: intFromEnv('IMAP_LOCK_MS', 30_000, 1000),
        }
      : undefined,
    inboundSpool: { sweepMs: intFromEnv('INBOUND_SPOOL_RETRY_MS', 10_000), delayMs: intFromEnv('INBOUND_SPOOL_DELAY_MS', 250) },
    inboundParser: { threads: process.env.INBOUND_PARSE_THREADS ? intFromEnv('INBOUND_PARSE_THREADS', 1, 1) : undefined },
    inboundFiling: { sweepMs: intFromEnv('INBOUND_FILE_RETRY_MS', 10_000) },
    blobSweep: { intervalMs: intFromEnv('BLOB_SWEEP_INTERVAL_MS', 3_600_000), graceMs: intFromEnv('BLOB_SWEEP_GRACE_MS', 86_400_000) },
  }),
);

/** Macros from templates (TEMPLATES_URL), or none when it is not set. */
function macroSourceFromEnv() {
  const templates = serviceEndpointFromEnv('TEMPLATES_URL', 'templates');
  return templates ? createMacroSource(templates) : undefined;
}

/** Senders matched in CRM (CRM_URL), or none when it is not set. */
function senderContactsFromEnv() {
  const crm = serviceEndpointFromEnv('CRM_URL', 'crm');
  return crm ? createSenderContacts(crm) : undefined;
}
