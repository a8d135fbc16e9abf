import { mailApi } from '@switchboard/contracts';
import { requireUser, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { loadEmail } from '../emails/email-access';
import { AGENTS_ONLY, macroNotFound } from '../errors';
import { readMacroRun } from './macro-store';

/** E13: how far a send's macro got, for whoever may read the email. */
export const macroRoutes: FastifyPluginAsync = async (app) => {
  serve(app, mailApi.getEmailMacro, async (request) => {
    await loadEmail(app.orm.em, requireUser(request, AGENTS_ONLY), request.params.id);
    const run = await readMacroRun(app.orm.em, request.params.id);
    if (!run) throw macroNotFound();
    return run;
  });
};
