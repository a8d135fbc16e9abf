// Child process of the mail-throughput bench: one replica of the mail service (the real app, sends
// going through its outbox relay to BullMQ) on an ephemeral port; prints `LISTENING <port>`.
// Tickets answer in-process as in the mail bench (every email already has its ticket), so the
// numbers are mail's alone.
import { createFileBlobStore } from '@switchboard/service-kit';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { buildApp } from '../../services/mail/src/app';
import { linkedTicketsClient } from '../mail-throughput/fixtures';

async function main(): Promise<void> {
  const env = process.env;
  const app = await buildApp({
    databaseUrl: env.BENCH_DATABASE_URL!,
    poolSize: 10,
    logger: false,
    getKey: createLocalJWKSet(JSON.parse(env.BENCH_JWKS!) as JSONWebKeySet),
    blobStore: createFileBlobStore(env.BENCH_BLOB_DIR!),
    ticketsClient: linkedTicketsClient(env.BENCH_QUEUE_ID!),
    redisUrl: env.REDIS_URL!,
    queuePrefix: env.MAIL_QUEUE_PREFIX!,
    // Sent at once: the bench measures delivery, not the undo window.
    undoSendSeconds: 0,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
