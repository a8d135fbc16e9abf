import { mailApi } from '@switchboard/contracts';
import { requireUser, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { AGENTS_ONLY } from '../errors';

/** A ticket's emails (M1) and the recipient suggestions drawn from them (E3). */
export const threadRoutes: FastifyPluginAsync = async (app) => {
  serve(app, mailApi.listTicketEmails, async (request) =>
    app.emailsRepository.thread(requireUser(request, AGENTS_ONLY), request.params.ticketId),
  );
  serve(app, mailApi.getSuggestions, async (request) =>
    app.emailsRepository.suggestions(requireUser(request, AGENTS_ONLY), request.params.id),
  );
};
