import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A reply the sink gives instead of accepting a message, e.g. `{ code: 421, message: 'Try later' }`. */
export interface SinkRejection {
  code: number;
  message: string;
}

/** A message the sink received. */
export interface SinkMessage {
  messageId: string | null;
  /** The parsed message; null when the sink only drains (`parse: false`). */
  mail: ParsedMail | null;
  /** The bytes as received; null when the sink only drains. */
  raw: Buffer | null;
  /** The envelope sender (MAIL FROM); empty for a null sender. */
  mailFrom: string;
  /** The envelope recipients (RCPT TO), Bcc included. */
  rcptTo: string[];
}

/** Options of the sink; all optional. */
export interface SmtpSinkOptions {
  /** Loopback port; 0 (the default) lets the OS pick one. */
  port?: number;
  /** Largest message accepted, in bytes (advertised with SIZE; a larger one gets 552). No limit by default. */
  maxBytes?: number;
  /** Parse every message with mailparser (default), or only drain it and read its Message-ID (benches). */
  parse?: boolean;
  /** Decides per message whether to reject it after DATA; `index` counts DATA commands from 0. */
  reject?: (message: SinkMessage, index: number) => SinkRejection | undefined;
  /** Waits this long before answering each message, to keep sends in flight (default 0). */
  delayMs?: number;
  /** Runs after each accepted message (the dev sink keeps it in its store). */
  onAccepted?: (message: SinkMessage, acceptedCount: number) => void;
  /**
   * Keep accepted messages and connection errors in `accepted` and `connectionErrors` (default
   * true, for tests); a long-running sink hands messages to `onAccepted` instead.
   */
  record?: boolean;
  /** Receives one line per message that could not be kept and per connection error. */
  log?: (line: string) => void;
}

/** A listening SMTP sink. */
export interface SmtpSink {
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** `smtp://127.0.0.1:<port>`. */
  url: string;
  /** Messages accepted so far, when recording. */
  accepted: SinkMessage[];
  /** DATA commands answered so far, accepted or not. */
  attempts(): number;
  /** Connection errors the server reported when recording, e.g. ECONNRESET when a client is killed mid-transaction. */
  connectionErrors: Error[];
  /** Resolves once `count` messages were accepted (rejects after `timeoutMs`). */
  waitForAccepted(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening and closes open sessions. */
  close(): Promise<void>;
}

const mailbox = (address: SMTPServerAddress | false) => (address ? address.address : '');

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** Reads a stream, keeping only its header block for the Message-ID. */
async function drainForMessageId(stream: Readable): Promise<string | null> {
  let head = '';
  for await (const chunk of stream) {
    if (head.length < 8192) head += (chunk as Buffer).toString('latin1');
  }
  const headers = head.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? null;
}

/** Reads a stream whole. */
async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The one SMTP sink (the dev mail sink of `npm start`, and the tests' and benches' server):
 * accepts every message over plain SMTP on 127.0.0.1 (any or no login, no STARTTLS), and
 * records it or hands it on. Nothing is relayed anywhere.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const record = options.record ?? true;
  const accepted: SinkMessage[] = [];
  const connectionErrors: Error[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let acceptedCount = 0;
  let attempts = 0;

  const accept = (message: SinkMessage) => {
    acceptedCount += 1;
    if (record) accepted.push(message);
    options.onAccepted?.(message, acceptedCount);
    for (const waiter of waiters.filter((w) => acceptedCount >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  const server = new SMTPServer({
    name: 'switchboard-dev-mail',
    banner: 'Switchboard dev mail sink: nothing is delivered',
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    size: options.maxBytes,
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'dev' }),
    onData(stream, session, callback) {
      const index = attempts++;
      const envelope = { mailFrom: mailbox(session.envelope.mailFrom), rcptTo: session.envelope.rcptTo.map(mailbox) };
      const read = async (): Promise<SinkMessage> => {
        if (options.parse === false) return { messageId: await drainForMessageId(stream), mail: null, raw: null, ...envelope };
        const raw = await readAll(stream);
        if (stream.sizeExceeded) return { messageId: null, mail: null, raw, ...envelope };
        const mail = await simpleParser(raw).catch((error: Error) => {
          options.log?.(`[dev-mail] could not parse a message: ${error.message}`);
          throw smtpError(554, 'Message could not be parsed');
        });
        return { messageId: mail.messageId ?? null, mail, raw, ...envelope };
      };
      const readThenWait = async () => {
        const message = await read();
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        return message;
      };
      readThenWait().then(
        (message) => {
          if (stream.sizeExceeded) return callback(smtpError(552, `Message exceeds the ${options.maxBytes} byte limit`));
          const rejection = options.reject?.(message, index);
          if (rejection) return callback(smtpError(rejection.code, rejection.message));
          accept(message);
          callback(null, 'OK queued as sink');
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // smtp-server emits a connection's mid-transaction reset on the server; unheard, it would crash the process.
  server.on('error', (error: Error) => {
    if (record) connectionErrors.push(error);
    options.log?.(`[dev-mail] SMTP error: ${error.message}`);
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    attempts: () => attempts,
    connectionErrors,
    waitForAccepted(count, timeoutMs = 30_000) {
      if (acceptedCount >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sink got ${acceptedCount} of ${count} messages`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
