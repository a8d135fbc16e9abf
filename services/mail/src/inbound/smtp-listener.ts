import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { LookupBatcher } from '@switchboard/service-kit';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { INBOUND_MAX_BYTES, TOO_LARGE_REASON } from './limits';
import { takeInbound, type InboundDeps, type TakenOutcome } from './receive';
import { createRateLimit } from './rate-limit';
import { spoolRaw, type SpoolItem } from './spool-inbound';

/** Options of the inbound SMTP listener. */
export interface InboundSmtpOptions {
  /** Port; 0 lets the OS pick one (tests). */
  port: number;
  /** Address to bind (INBOUND_SMTP_HOST, default 127.0.0.1). */
  host?: string;
  /** Messages one client address may send per minute (INBOUND_SMTP_RATE, default 600). */
  messagesPerMinute?: number;
  /** Most sessions at once (default 100). */
  maxClients?: number;
}

/** A listening inbound SMTP server. */
export interface InboundSmtpListener {
  port: number;
  /** Stops listening and closes open sessions. */
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** The queue of a recipient: the queue whose From address it is (case-insensitive). */
async function queueOf(deps: InboundDeps, address: string): Promise<string | null> {
  const [row] = await deps.orm.em
    .fork()
    .execute<{ id: string }[]>('select id from mail.queue where lower(from_address) = lower(?) order by created_at, id limit 1', [address]);
  return row?.id ?? null;
}

/** How long a recipient's queue is remembered: a new or changed queue address counts within this. */
const QUEUE_CACHE_MS = 30_000;

/** `queueOf` remembered per address for QUEUE_CACHE_MS (at most 10,000 addresses). */
function queueLookup(deps: InboundDeps): (address: string) => Promise<string | null> {
  const known = new Map<string, { queueId: string | null; until: number }>();
  return async (address) => {
    const key = address.toLowerCase();
    const hit = known.get(key);
    if (hit && hit.until > Date.now()) return hit.queueId;
    const queueId = await queueOf(deps, key);
    if (known.size >= 10_000) known.clear();
    known.set(key, { queueId, until: Date.now() + QUEUE_CACHE_MS });
    return queueId;
  };
}

/**
 * The listener's SMTP session options beyond its handlers: plain SMTP without AUTH or STARTTLS,
 * no reverse lookups, the size limit announced, smtp-server's own log off. The inbound floor
 * bench (bench/inbound/floor.ts) starts its servers with them too.
 */
export const LISTENER_SMTP_OPTIONS = {
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  disableReverseLookup: true,
  size: INBOUND_MAX_BYTES,
  logger: false,
} satisfies SMTPServerOptions;

/** The SMTP answer of an outcome: 250 once spooled, 552 over the size limit. */
function answer(outcome: TakenOutcome): [Error | null, string?] {
  if (outcome.state === 'refused') return [smtpError(552, outcome.reason)];
  return [null, `OK queued as ${outcome.spoolId}`];
}

/**
 * The inbound SMTP listener (issue 13): for installations whose MX routes mail to the platform.
 * RCPT TO must be a queue's From address (else 550); a message goes to the first recipient's
 * queue. Messages over 25 MB get 552 (SIZE is advertised); a client address over its rate gets
 * 421. A message is answered 250 once it is spooled: a row that outlives a crash, holding the
 * raw bytes of a message up to 256 KiB, naming a larger one's in the blob store. The spool's
 * recorder stores, parses, records and files it in batches after that. A failure to store or
 * spool answers 451, so the sender retries.
 */
export async function startInboundSmtp(deps: InboundDeps, options: InboundSmtpOptions): Promise<InboundSmtpListener> {
  // The parse workers start with the listener: the first messages' recording does not wait for them.
  deps.parser.start();
  const rate = createRateLimit(options.messagesPerMinute ?? 600, 60_000);
  const queues = new WeakMap<SMTPServerSession, string>();
  const recipientQueue = queueLookup(deps);
  const maxClients = options.maxClients ?? 100;
  // Group commit: messages of concurrent sessions are spooled in one transaction, one commit for
  // them all; those taken while it runs go together in the next. When a group fails, each of its
  // messages is spooled again alone, so a sender hears 451 only for a failure of its own message.
  // The app's own entity manager, not a fork per group: the usual group's insert takes only a pooled connection (a transaction forks its own).
  const spooler = new LookupBatcher<SpoolItem, string>({ lookup: (items) => spoolRaw(deps.orm.em, deps.blobStore, items), maxKeys: maxClients, maxInFlight: 1 });
  const spool = (item: SpoolItem) => spooler.load(item);
  const server = new SMTPServer({
    name: 'switchboard-inbound',
    banner: 'Switchboard inbound mail',
    ...LISTENER_SMTP_OPTIONS,
    maxClients,
    onMailFrom(_address: SMTPServerAddress, session, callback) {
      if (!rate.take(session.remoteAddress)) return callback(smtpError(421, 'Too many messages from your address, try again later'));
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session, callback) {
      recipientQueue(address.address).then(
        (queueId) => {
          if (!queueId) return callback(smtpError(550, `No mailbox ${address.address} here`));
          if (!queues.has(session)) queues.set(session, queueId);
          callback();
        },
        (error: Error) => {
          deps.log.error({ err: error }, 'inbound SMTP could not look up a recipient');
          callback(smtpError(451, 'Temporary failure, try again later'));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const queueId = queues.get(session) ?? null;
      queues.delete(session);
      const drained = once(stream, 'end');
      const settled = takeInbound(deps, stream, { queueId, source: 'smtp' }, spool).then(
        (outcome) => ({ outcome, error: null }),
        (error: unknown) => ({ outcome: null, error }),
      );
      void settled.then(async ({ outcome, error }) => {
        // A store that stopped reading at the limit (or failed) leaves the rest of the message: it is drained, so the session goes on.
        stream.unpipe();
        stream.resume();
        await drained;
        if (stream.sizeExceeded) return callback(...answer({ state: 'refused', reason: TOO_LARGE_REASON }));
        if (!outcome) {
          deps.log.error({ err: error }, 'inbound SMTP could not store a message');
          return callback(smtpError(451, 'Temporary failure, try again later'));
        }
        callback(...answer(outcome));
      });
    },
  });
  server.on('error', (error: Error) => deps.log.warn({ err: error }, 'inbound SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
