import { mailApi } from '@switchboard/contracts';
import { requireUser, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { AGENTS_ONLY } from '../errors';

/** Drafts and sends of the agent: create (N1-N3), read, autosave (E5), discard (E6), send (E7), folders (E8). */
export const draftsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, mailApi.createDraft, async (request) => app.draftsRepository.create(requireUser(request, AGENTS_ONLY), request.body));
  serve(app, mailApi.listEmails, async (request) => app.emailsRepository.list(requireUser(request, AGENTS_ONLY), request.query));
  serve(app, mailApi.getEmail, async (request) => app.emailsRepository.get(requireUser(request, AGENTS_ONLY), request.params.id));
  serve(app, mailApi.patchDraft, async (request) =>
    app.draftsRepository.patch(requireUser(request, AGENTS_ONLY), request.params.id, request.body),
  );
  serve(app, mailApi.discardDraft, async (request) =>
    app.draftsRepository.discard(requireUser(request, AGENTS_ONLY), request.params.id),
  );
  serve(app, mailApi.sendEmail, async (request) =>
    app.sendService.send(requireUser(request, AGENTS_ONLY), request.params.id, request.body),
  );
};
