import nodemailer, { type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import type { DeliveryLogger } from '../delivery/logger';
import { openSecret } from './secrets';

/** A pooled SMTP transport of one email queue. */
export type MailTransport = Transporter<SMTPPoolSentMessageInfo>;

/** What the registry needs to know of a queue. */
export interface TransportQueue {
  id: string;
  /** `sealSecret` of the SMTP URL; null sends through the default transport. */
  smtpUrlEncrypted?: string | null;
}

export interface TransportRegistryOptions {
  /** SMTP URL of queues without their own (SMTP_URL). */
  defaultUrl: string;
  /** Opens sealed queue URLs (MAIL_SECRET_KEY); without it only the default transport works. */
  secretKey?: Buffer;
  /** Connections per queue, nodemailer's default 5. */
  maxConnections?: number;
  /** Messages per connection before it is replaced, nodemailer's default 100. */
  maxMessages?: number;
  logger: DeliveryLogger;
}

/** One pooled transport per queue, created on first use and closed together. */
export interface TransportRegistry {
  forQueue(queue: TransportQueue): MailTransport;
  /** Closes every pool (in-flight messages are ended). */
  close(): void;
}

/** `host:port` of an SMTP URL, the only part of it that may be logged. */
export function smtpEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'smtps:' ? '465' : '587');
    return `${parsed.hostname}:${port}`;
  } catch {
    return 'unparseable SMTP URL';
  }
}

/** Creates the registry; transports are built lazily, so a bad queue URL fails only its own sends. */
export function createTransportRegistry(options: TransportRegistryOptions): TransportRegistry {
  const cache = new Map<string, { sealed: string | null; transport: MailTransport }>();

  const urlOf = (queue: TransportQueue): string => {
    if (!queue.smtpUrlEncrypted) return options.defaultUrl;
    if (!options.secretKey) throw new Error(`queue ${queue.id} has its own SMTP URL but no secret key is configured`);
    return openSecret(queue.smtpUrlEncrypted, options.secretKey);
  };

  return {
    forQueue(queue) {
      const sealed = queue.smtpUrlEncrypted ?? null;
      const cached = cache.get(queue.id);
      if (cached && cached.sealed === sealed) return cached.transport;
      cached?.transport.close();
      const url = urlOf(queue);
      const transport = nodemailer.createTransport({
        url,
        pool: true,
        maxConnections: options.maxConnections ?? 5,
        maxMessages: options.maxMessages ?? 100,
        // Retries belong to the job queue, which counts them; the pool must not resend on its own.
        maxRequeues: 0,
        logger: false,
      });
      transport.on('error', (error: Error) =>
        options.logger.warn({ queueId: queue.id, smtp: smtpEndpoint(url), err: error.message }, 'SMTP transport error'),
      );
      options.logger.info({ queueId: queue.id, smtp: smtpEndpoint(url) }, 'SMTP transport created');
      cache.set(queue.id, { sealed, transport });
      return transport;
    },
    close() {
      for (const { transport } of cache.values()) transport.close();
      cache.clear();
    },
  };
}
