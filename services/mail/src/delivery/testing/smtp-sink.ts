import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A reply the sink gives instead of accepting a message, e.g. `{ code: 421, message: 'Try later' }`. */
export interface SinkRejection {
  code: number;
  message: string;
}

/** A message the sink received. `mail` is set when the sink parses (the default). */
export interface SinkMessage {
  messageId: string | null;
  mail: ParsedMail | null;
  /** The envelope recipients (RCPT TO), Bcc included. */
  rcptTo: string[];
}

export interface SmtpSinkOptions {
  /** Parse every message with mailparser (default), or only drain it and read its Message-ID (benches). */
  parse?: boolean;
  /** Decides per message whether to reject it after DATA; `index` counts DATA commands from 0. */
  reject?: (message: SinkMessage, index: number) => SinkRejection | undefined;
  /** Waits this long before answering each message, to keep sends in flight (default 0). */
  delayMs?: number;
  /** Runs after each accepted message is recorded. */
  onAccepted?: (message: SinkMessage, acceptedCount: number) => void;
}

/** A real SMTP server on 127.0.0.1 (random port) that records what it is sent. */
export interface SmtpSink {
  url: string;
  accepted: SinkMessage[];
  /** DATA commands answered so far, accepted or not. */
  attempts(): number;
  /** Connection errors the server reported, e.g. ECONNRESET when a client is killed mid-transaction. */
  connectionErrors: Error[];
  /** Resolves once `count` messages were accepted (rejects after `timeoutMs`). */
  waitForAccepted(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Reads a stream, keeping only its header block for the Message-ID. */
async function drainForMessageId(stream: Readable): Promise<string | null> {
  let head = '';
  for await (const chunk of stream) {
    if (head.length < 8192) head += (chunk as Buffer).toString('latin1');
  }
  const headers = head.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? null;
}

/** Starts the sink: no auth required, no STARTTLS, as the machine's notes describe. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const accepted: SinkMessage[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const index = attempts++;
      const rcptTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
      const read: Promise<SinkMessage> =
        options.parse === false
          ? drainForMessageId(stream).then((messageId) => ({ messageId, mail: null, rcptTo }))
          : simpleParser(stream).then((mail) => ({ messageId: mail.messageId ?? null, mail, rcptTo }));
      const delayed = options.delayMs ? read.then((m) => new Promise<SinkMessage>((r) => setTimeout(() => r(m), options.delayMs))) : read;
      delayed.then(
        (message) => {
          const rejection = options.reject?.(message, index);
          if (rejection) return callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
          accepted.push(message);
          options.onAccepted?.(message, accepted.length);
          for (const waiter of waiters.filter((w) => accepted.length >= w.count)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
          callback(null, 'OK queued as sink');
        },
        (error: Error) => callback(error),
      );
    },
  });
  // smtp-server emits a connection's mid-transaction reset on the server; unheard, it would crash the test process.
  const connectionErrors: Error[] = [];
  server.on('error', (error: Error) => connectionErrors.push(error));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    attempts: () => attempts,
    connectionErrors,
    waitForAccepted(count, timeoutMs = 30_000) {
      if (accepted.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sink got ${accepted.length} of ${count} messages`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
