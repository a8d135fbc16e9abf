import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { type DevMailStore, toStoredMessage } from './dev-mail-store';

/** Options of the SMTP side of the sink. */
export interface SmtpSinkOptions {
  /** Where received messages go. */
  store: DevMailStore;
  /** Loopback port; 0 lets the OS pick one. */
  port: number;
  /** Largest message accepted, in bytes (advertised with SIZE). */
  maxBytes: number;
  /** Receives one line per message that could not be kept. */
  log?: (line: string) => void;
}

/** A listening SMTP sink. */
export interface SmtpSink {
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** Stops listening and closes open sessions. */
  close(): Promise<void>;
}

const mailbox = (address: SMTPServerAddress | false) => (address ? address.address : '');

/**
 * Accepts every message over plain SMTP on 127.0.0.1 (any or no login, no STARTTLS), parses it
 * and keeps it in the store. Nothing is relayed anywhere.
 */
export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const server = new SMTPServer({
    name: 'switchboard-dev-mail',
    banner: 'Switchboard dev mail sink: nothing is delivered',
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: options.maxBytes,
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'dev' }),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error(`Message exceeds the ${options.maxBytes} byte limit`), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelope = { from: mailbox(session.envelope.mailFrom), to: session.envelope.rcptTo.map(mailbox) };
        simpleParser(raw).then(
          (parsed) => {
            options.store.add(toStoredMessage(parsed, raw, envelope));
            callback(null, 'Kept by the dev mail sink');
          },
          (error: Error) => {
            options.log?.(`[dev-mail] could not parse a message: ${error.message}`);
            callback(Object.assign(new Error('Message could not be parsed'), { responseCode: 554 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error: Error) => options.log?.(`[dev-mail] SMTP error: ${error.message}`));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
