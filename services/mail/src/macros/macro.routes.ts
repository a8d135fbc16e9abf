import { mailApi } from '@switchboard/contracts';
import { requireUser, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { loadEmail } from '../emails/email-access';
import { writeOutboxRow } from '../emails/send.service';
import { AGENTS_ONLY, macroNotFound, notTheAuthor } from '../errors';
import { macrosForMenu } from './macro-source';
import { readMacroRun, retryFailedSteps } from './macro-store';

/** E13: the agent's macros; how far a send's macro got, for whoever may read the email; Try again for its author. */
export const macroRoutes: FastifyPluginAsync = async (app) => {
  serve(app, mailApi.listMacros, async (request) => macrosForMenu(app.macroSource, requireUser(request, AGENTS_ONLY)));

  serve(app, mailApi.getEmailMacro, async (request) => {
    await loadEmail(app.orm.em, requireUser(request, AGENTS_ONLY), request.params.id);
    const run = await readMacroRun(app.orm.em, request.params.id);
    if (!run) throw macroNotFound();
    return run;
  });

  // The failed steps go back to pending and the email's outbox row is written again: the relay
  // makes a job, the worker finds the email sent (nothing is resent) and runs the pending steps.
  serve(app, mailApi.retryEmailMacro, async (request) => {
    const caller = requireUser(request, AGENTS_ONLY);
    const id = request.params.id;
    const { run, retried } = await app.orm.em.transactional(async (tx) => {
      const email = await loadEmail(tx, caller, id, { lock: true });
      if (email.ownerId !== caller.userId) throw notTheAuthor();
      if (!(await readMacroRun(tx, id))) throw macroNotFound();
      const any = email.status === 'sent' && (await retryFailedSteps(tx, id));
      if (any) await writeOutboxRow(tx, id, new Date());
      return { run: await readMacroRun(tx, id), retried: any };
    });
    if (retried) app.outboxRelay?.kick();
    if (!run) throw macroNotFound();
    return run;
  });
};
