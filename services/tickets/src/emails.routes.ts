import { ticketsApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/emails`: which ticket an email belongs to (K1), and the agent's recent and unread emails. */
export const emailsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.linkEmail, async (request) =>
    app.emailLinksRepository.link(callerOf(request), request.params.emailId, request.body.ticketId),
  );
  serve(app, ticketsApi.getEmailTicket, async (request) => app.emailLinksRepository.get(callerOf(request), request.params.emailId));
  serve(app, ticketsApi.recentEmails, async (request) => app.emailLinksRepository.recent(callerOf(request), request.query.limit ?? 10));
  serve(app, ticketsApi.unreadEmails, async (request) => app.emailLinksRepository.unread(callerOf(request), request.query.limit ?? 10));
  serve(app, ticketsApi.markEmailRead, async (request) => app.emailLinksRepository.markRead(callerOf(request), request.params.emailId));
};
