import { remoteKeySet, type AuthOptions } from '@switchboard/service-kit';
import { buildDevMailApi } from './dev-mail-api';
import { DevMailStore, toStoredMessage } from './dev-mail-store';
import { startSmtpSink } from './smtp-sink';

/** Options of the dev mail sink. */
export interface DevMailSinkOptions {
  /** SMTP port on 127.0.0.1; default 2525, 0 = any free port. */
  smtpPort?: number;
  /** The identity service's JWKS URL, for the API's tokens. */
  jwksUrl: string;
  /** Verification keys instead of `jwksUrl` (tests). */
  getKey?: AuthOptions['getKey'];
  /** Largest message accepted; default 30 MB (20 MB of attachments grow by a third in base64). */
  maxBytes?: number;
  /** Port of the mail service's inbound SMTP listener, for "Reply as the customer". */
  inboundSmtpPort?: number;
  /** Receives the sink's error lines. */
  log?: (line: string) => void;
}

/** A running dev mail sink. */
export interface DevMailSink {
  /** Port of the SMTP server on 127.0.0.1. */
  smtpPort: number;
  /** `smtp://127.0.0.1:<port>`, what the mail worker is given as SMTP_URL. */
  smtpUrl: string;
  /** Base URL of the HTTP API on 127.0.0.1 (the gateway serves it at /api/dev-mail). */
  apiUrl: string;
  /** Stops the SMTP server and the API. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the local SMTP sink `npm start` runs when no SMTP server is configured: it accepts and
 * keeps (in memory, the last 500) whatever the platform sends, and shows it over HTTP.
 */
export async function startDevMailSink(options: DevMailSinkOptions): Promise<DevMailSink> {
  const store = new DevMailStore();
  const smtp = await startSmtpSink({
    port: options.smtpPort ?? 2525,
    maxBytes: options.maxBytes ?? 30 * 1024 * 1024,
    record: false,
    // Parsed (the default), so `mail` and `raw` are set.
    onAccepted: (message) => store.add(toStoredMessage(message.mail!, message.raw!, { from: message.mailFrom, to: message.rcptTo })),
    log: options.log,
  });
  let api;
  try {
    api = await buildDevMailApi({ store, getKey: options.getKey ?? remoteKeySet(options.jwksUrl), inboundSmtpPort: options.inboundSmtpPort });
    await api.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  const address = api.server.address();
  let stopping: Promise<void> | undefined;
  return {
    smtpPort: smtp.port,
    smtpUrl: smtp.url,
    apiUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    stop: () => (stopping ??= Promise.all([smtp.close(), api.close()]).then(() => undefined)),
  };
}
