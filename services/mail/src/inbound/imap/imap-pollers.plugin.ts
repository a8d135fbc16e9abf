import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createImapPollers, type ImapPollers, type ImapPollersOptions } from './imap-pollers';
import { inboundDepsOf } from '../receive';

/** Options of the IMAP pollers plugin: what the app does not have already. */
export type ImapPollersPluginOptions = Omit<ImapPollersOptions, 'deps'>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The IMAP pollers once the app is ready (when configured). */
    imapPollers?: Pick<ImapPollers, 'sync' | 'pollQueue'>;
  }
}

/** Runs the IMAP pollers (MAIL_SECRET_KEY with REDIS_URL) from `onReady` until `preClose`. */
export const imapPollersPlugin = fp(
  async (app: FastifyInstance, options: ImapPollersPluginOptions) => {
    let pollers: ImapPollers | undefined;
    app.decorate('imapPollers', {
      sync: () => pollers!.sync(),
      pollQueue: (queueId: string) => pollers!.pollQueue(queueId),
    });
    app.addHook('onReady', async () => {
      pollers = createImapPollers({ ...options, deps: inboundDepsOf(app) });
    });
    app.addHook('preClose', async () => pollers?.close());
  },
  { name: 'mail-imap-pollers', dependencies: ['switchboard-orm', 'mail-resources'] },
);
