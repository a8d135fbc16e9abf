import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { startInboundSmtp, type InboundSmtpListener, type InboundSmtpOptions } from './smtp-listener';
import { inboundDepsOf } from './receive';

declare module 'fastify' {
  interface FastifyInstance {
    /** The inbound SMTP listener once the app is ready (when configured). */
    inboundSmtp?: { port(): number };
  }
}

/** Runs the inbound SMTP listener (INBOUND_SMTP_PORT) from `onReady` until `preClose`. */
export const inboundSmtpPlugin = fp(
  async (app: FastifyInstance, options: InboundSmtpOptions) => {
    let listener: InboundSmtpListener | undefined;
    app.decorate('inboundSmtp', {
      port: () => {
        if (!listener) throw new Error('the inbound SMTP listener is not started yet');
        return listener.port;
      },
    });
    app.addHook('onReady', async () => {
      listener = await startInboundSmtp(inboundDepsOf(app), options);
      app.log.info({ port: listener.port }, 'inbound SMTP listening');
    });
    app.addHook('preClose', async () => listener?.close());
  },
  { name: 'mail-inbound-smtp', dependencies: ['switchboard-orm', 'mail-resources'] },
);
