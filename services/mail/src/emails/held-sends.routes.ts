import { mailApi } from '@switchboard/contracts';
import { requireUser, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { AGENTS_ONLY } from '../errors';
import { reschedule, unsend } from './held-sends';

/** Undo send and the undo window (E14), moving or cancelling a scheduled send (E15). */
export const heldSendsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, mailApi.unsendEmail, async (request) => unsend(app.orm.em, requireUser(request, AGENTS_ONLY), request.params.id));
  serve(app, mailApi.rescheduleEmail, async (request) =>
    reschedule(app.orm.em, requireUser(request, AGENTS_ONLY), request.params.id, request.body.version, request.body.sendAt),
  );
  serve(app, mailApi.getSendSettings, async (request) => app.sendSettings.get(requireUser(request, AGENTS_ONLY)));
  serve(app, mailApi.putSendSettings, async (request) => app.sendSettings.save(requireUser(request, AGENTS_ONLY), request.body));
};
