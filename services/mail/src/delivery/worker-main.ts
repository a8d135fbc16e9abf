// The send worker process (`npm run worker -w services/mail`); the only delivery file that
// reads the environment:
//   DATABASE_URL, DB_POOL_SIZE (4), REDIS_URL (redis://127.0.0.1:6379), BLOB_DIR (or BLOB_STORE=s3://…), SMTP_URL,
//   MAIL_SECRET_KEY (base64 of 32 bytes; needed only for queues with their own SMTP URL),
//   WORKER_CONCURRENCY (8), WORKER_LOCK_DURATION_MS (30000, also a macro run's lease), LOG_LEVEL (info),
//   MACRO_BATCH (200: sent emails' macros one batch runs, the services' batch limit), MACRO_CONCURRENCY (2: batches in flight),
//   MACRO_HOLD_MS (1000: longest wait from a send to its macro's claim while sends keep coming),
//   MACRO_QUIET_MS (50: a pause in sends that ends the wait),
//   SMTP_RETRY_GIVE_UP_MINUTES (2880: a send the SMTP server keeps refusing with 4xx, or cannot be reached, fails after 2 days),
//   MAIL_QUEUE_PREFIX (sb), METRICS_PORT (unset: none; Prometheus /metrics on 127.0.0.1, METRICS_HOST),
//   OTEL_EXPORTER_OTLP_ENDPOINT (unset: no tracing; else a span per send job and its SMTP call, in the send request's trace); for macros (E13) TICKETS_URL, CRM_URL, IDENTITY_URL, SERVICE_SECRET
//   (see macros/endpoints-from-env.ts; without TICKETS_URL macros wait). Macros run in batches
//   leased from the database in this process (macros/macro-runner.ts), beside the sends.
// It also runs an outbox relay with its sweep, so a worker alone moves pending sends to the
// queue and re-enqueues jobs lost with a Redis restart.
import { MAX_BATCH_ITEMS } from '@switchboard/contracts';
import { blobStoreFromEnvironment, closeGracefully, intFromEnv, jobMetrics, LookupBatcher, openOrm, requireEnv, serveMetrics, startTracing } from '@switchboard/service-kit';
import pino from 'pino';
import { mailEntities } from '../entities';
import { createChannelHub, ticketThreadChannel } from '../live/channel-hub';
import { serviceEndpointFromEnv } from '../macros/endpoints-from-env';
import { createMacroRunner } from '../macros/macro-runner';
import { mailMigrations } from '../migrations';
import { parseSecretKey } from '../transport/secrets';
import { createTransportRegistry } from '../transport/transports';
import { createOutboxRelay } from './relay';
import { DEFAULT_RETRY_SCHEDULE } from './retry-schedule';
import { createSendWorker } from './worker';

const SHUTDOWN_TIMEOUT_MS = 25_000;

async function main(): Promise<void> {
  // Spans of each send job, continuing its request's trace, when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const tracing = startTracing('mail-worker');
  const logger = pino({
    name: 'mail-worker',
    level: requireEnv('LOG_LEVEL', 'info'),
    redact: ['password', '*.password', 'url', '*.url', 'smtpUrl', '*.smtpUrl', 'token', '*.token'],
  });
  const connection = requireEnv('REDIS_URL', 'redis://127.0.0.1:6379');
  const prefix = requireEnv('MAIL_QUEUE_PREFIX', 'sb');
  const secretKey = process.env.MAIL_SECRET_KEY ? parseSecretKey(process.env.MAIL_SECRET_KEY) : undefined;
  const orm = await openOrm({
    databaseUrl: requireEnv('DATABASE_URL'),
    schema: 'mail',
    entities: mailEntities,
    migrations: mailMigrations,
    poolSize: intFromEnv('DB_POOL_SIZE', 4, 1),
  });
  const transports = createTransportRegistry({ defaultUrl: requireEnv('SMTP_URL'), secretKey, logger });
  const tickets = serviceEndpointFromEnv('TICKETS_URL', 'tickets');
  const lockDurationMs = intFromEnv('WORKER_LOCK_DURATION_MS', 30_000, 1);
  const macros = tickets
    ? createMacroRunner({
        orm,
        logger,
        tickets,
        crm: serviceEndpointFromEnv('CRM_URL', 'crm'),
        batchSize: intFromEnv('MACRO_BATCH', MAX_BATCH_ITEMS, 1),
        concurrency: intFromEnv('MACRO_CONCURRENCY', 2, 1),
        holdMs: intFromEnv('MACRO_HOLD_MS', 1_000, 0),
        quietMs: intFromEnv('MACRO_QUIET_MS', 50, 0),
        leaseMs: lockDurationMs,
      })
    : undefined;
  // Sent and failed sends reach the service's live ticket threads through the same channels (decision 0015).
  const threads = createChannelHub<true>({ redisUrl: connection, channel: ticketThreadChannel(prefix), logger });
  // One nudge out at a time; those of sends settled meanwhile go next in one pipeline, each ticket once.
  const nudges = new LookupBatcher<string, void>({
    lookup: async (ticketIds) => {
      await threads.publishAll([...new Set(ticketIds)], true);
      return ticketIds.map(() => undefined);
    },
    maxKeys: 1000,
    maxInFlight: 1,
  });
  const sendWorker = createSendWorker({
    orm,
    connection,
    retrySchedule: { ...DEFAULT_RETRY_SCHEDULE, giveUpAfterMs: intFromEnv('SMTP_RETRY_GIVE_UP_MINUTES', DEFAULT_RETRY_SCHEDULE.giveUpAfterMs / 60_000, 1) * 60_000 },
    prefix,
    blobStore: await blobStoreFromEnvironment(process.env, () => requireEnv('BLOB_DIR')),
    transports,
    concurrency: intFromEnv('WORKER_CONCURRENCY', 8, 1),
    lockDurationMs,
    logger,
    macros,
    threads: { changed: async (ticketIds) => void (await Promise.all(ticketIds.map((id) => nudges.load(id)))) },
  });
  const relay = createOutboxRelay({ orm, connection, prefix, logger });
  relay.start();
  macros?.start();
  const jobs = jobMetrics();
  jobs.observe(sendWorker.worker, 'send');
  const metrics = process.env.METRICS_PORT
    ? await serveMetrics(jobs.registry, { port: intFromEnv('METRICS_PORT', 0), host: requireEnv('METRICS_HOST', '127.0.0.1') })
    : undefined;
  logger.info({ concurrency: sendWorker.worker.opts.concurrency, prefix, metricsPort: metrics?.port }, 'worker started');

  // Drains in-flight sends, then closes what they used.
  closeGracefully(
    async () => {
      await Promise.all([sendWorker.close(), relay.stop(), metrics?.close()]);
      await macros?.stop();
      threads.close();
      transports.close();
      await orm.close();
      await tracing?.shutdown();
      logger.info({}, 'send worker stopped');
    },
    { log: logger, timeoutMs: SHUTDOWN_TIMEOUT_MS },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
