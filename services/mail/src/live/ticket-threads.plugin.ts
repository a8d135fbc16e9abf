import { mailApi, type Email } from '@switchboard/contracts';
import { requireUser, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { ticketThread } from '../emails/emails.repository';
import { AGENTS_ONLY, ticketNotFound } from '../errors';
import { createChannelHub, ticketThreadChannel } from './channel-hub';
import { eventStreams } from './event-streams';
import type { LiveDraftsOptions } from './live.plugin';

/** Tells the open thread streams of tickets, on every replica, that their emails changed. */
export interface TicketThreads {
  /** Never throws: a change not published is logged, and a reconnecting stream catches up. */
  changed(ticketIds: readonly string[]): Promise<void>;
  /** Nudges the tickets of these emails (a bounce failed them); never throws. */
  emailsChanged(emailIds: readonly string[]): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Nudges the live threads of tickets (issue 13): an email was filed into them, or a send changed state. */
    ticketThreads: TicketThreads;
  }
}

/** Routes that change a send's state, whose answer is the email: send, undo send and reschedule. */
const STATE_ROUTES: readonly unknown[] = [mailApi.sendEmail, mailApi.unsendEmail, mailApi.rescheduleEmail];

/**
 * Live ticket threads (issue 13): a change of a ticket's emails is published as a bare nudge on
 * the ticket's channel (no email crosses Redis), and each open GET /tickets/:ticketId/emails/changes
 * reads the thread again for its own agent, under the same rule as GET /tickets/:ticketId/emails,
 * and sends it as a `thread` event. The first event is the current thread, so a reconnecting
 * widget catches up on what it missed; reads of one stream run one at a time, newest last.
 */
const liveThreads: FastifyPluginAsync<LiveDraftsOptions> = async (app, options) => {
  const hub = createChannelHub<true>({ redisUrl: options.redisUrl, channel: ticketThreadChannel(options.channelPrefix), logger: app.log });
  const openStream = eventStreams(app, options.heartbeatMs);
  const changed = (ticketIds: readonly string[]) => hub.publishAll([...new Set(ticketIds)], true);
  app.decorate('ticketThreads', {
    changed,
    emailsChanged: async (emailIds) => {
      if (emailIds.length === 0) return;
      try {
        const rows = await app.orm.em.fork().execute<{ ticket_id: string }[]>('select distinct ticket_id from mail.email where id in (?) and ticket_id is not null', [emailIds]);
        await changed(rows.map((row) => row.ticket_id));
      } catch (error) {
        app.log.warn({ err: error }, 'ticket threads not told of changed emails');
      }
    },
  });

  app.addHook('preSerialization', async (request, reply, payload) => {
    if (reply.statusCode < 300 && STATE_ROUTES.includes(request.routeOptions.config.contract)) {
      const { ticket } = payload as Email;
      if (ticket) await app.ticketThreads.changed([ticket.id]);
    }
    return payload;
  });

  serve(app, mailApi.ticketEmailChanges, async (request, reply) => {
    const caller = requireUser(request, AGENTS_ONLY);
    const { ticketId } = request.params;
    if ((await app.emailsRepository.thread(caller, ticketId)).items.length === 0) throw ticketNotFound(ticketId);
    const stream = openStream(reply);
    let reading: Promise<void> | null = null;
    let again = false;
    const read = async () => {
      do {
        again = false;
        stream.write('thread', await ticketThread(app.orm.em.fork(), caller, ticketId));
      } while (again);
    };
    const reread = (): Promise<void> => {
      if (reading) {
        again = true;
        return reading;
      }
      reading = read().finally(() => (reading = null));
      return reading;
    };
    try {
      stream.onEnd(
        await hub.subscribe(ticketId, () =>
          reread().catch((error: unknown) => {
            // The widget reconnects and starts from the current thread.
            request.log.warn({ err: error, ticketId }, 'ticket thread not read again; its stream ends');
            stream.end();
          }),
        ),
      );
      await reread();
    } catch (error) {
      stream.end();
      throw error;
    }
    return stream.send();
  });

  app.addHook('onClose', async () => hub.close());
};

/** Decorates `app.ticketThreads` and serves GET /tickets/:ticketId/emails/changes. */
export const liveThreadsPlugin = fp(liveThreads, {
  name: 'mail-live-threads',
  dependencies: ['switchboard-orm', 'mail-emails-repository'],
});
