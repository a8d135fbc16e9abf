import { mailApi, type Email } from '@switchboard/contracts';
import { requireUser, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { loadEmail } from '../emails/email-access';
import { AGENTS_ONLY } from '../errors';
import { createDraftHub, type DraftHub } from './draft-hub';
import { eventStreams } from './event-streams';

/** Options of live drafts (T1). */
export interface LiveDraftsOptions {
  /** Redis shared by the mail replicas (REDIS_URL); none: one replica only. */
  redisUrl?: string;
  /** Start of the pub/sub channel names. */
  channelPrefix: string;
  /** Time between heartbeat comments that keep idle proxies from closing a stream. Default 20 s. */
  heartbeatMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Fan-out of saved drafts to the open change streams of every replica. */
    draftHub: DraftHub;
  }
}

/** Routes whose answer is a draft's new saved copy: autosave, send, undo send and reschedule. */
const SAVING_ROUTES: readonly unknown[] = [mailApi.patchDraft, mailApi.sendEmail, mailApi.unsendEmail, mailApi.rescheduleEmail];

/**
 * Live drafts (T1): every saved copy a PATCH or send answers is published, and
 * GET /emails/:id/changes streams a draft's copies to its author as server-sent events,
 * starting with the current one (so a reconnecting tab catches up on what it missed), and how
 * many devices have it open whenever that changes.
 */
const liveDrafts: FastifyPluginAsync<LiveDraftsOptions> = async (app, options) => {
  const hub = createDraftHub({ redisUrl: options.redisUrl, channelPrefix: options.channelPrefix, logger: app.log });
  app.decorate('draftHub', hub);
  const openStream = eventStreams(app, options.heartbeatMs);
  // Devices stay counted while their streams are open here, and lapse a minute after a replica dies.
  const presenceRefresh = setInterval(() => void hub.refresh(), 20_000).unref();

  app.addHook('preSerialization', async (request, reply, payload) => {
    if (reply.statusCode < 300 && SAVING_ROUTES.includes(request.routeOptions.config.contract)) {
      await hub.publish(payload as Email);
    }
    return payload;
  });

  serve(app, mailApi.draftChanges, async (request, reply) => {
    const caller = requireUser(request, AGENTS_ONLY);
    await loadEmail(app.orm.em, caller, request.params.id, { editable: true });
    const stream = openStream(reply);
    stream.onEnd(
      await hub.subscribe(request.params.id, {
        device: request.query.device,
        listener: (event) => (event.kind === 'draft' ? stream.write('draft', event.email) : stream.write('devices', { count: event.count })),
      }),
    );
    try {
      stream.write('draft', await app.emailsRepository.get(caller, request.params.id));
    } catch (error) {
      stream.end();
      throw error;
    }
    return stream.send();
  });

  app.addHook('onClose', async () => {
    clearInterval(presenceRefresh);
    await hub.close();
  });
};

/** Decorates `app.draftHub` and serves GET /emails/:id/changes. */
export const liveDraftsPlugin = fp(liveDrafts, {
  name: 'mail-live-drafts',
  dependencies: ['switchboard-orm', 'mail-emails-repository'],
});
