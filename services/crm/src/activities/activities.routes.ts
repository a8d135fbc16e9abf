import { crmApi, MAX_BATCH_BODY_BYTES } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync, onRequestHookHandler } from 'fastify';
import { serviceRequired } from '../errors';

/** Refuses anyone but a service before a batch's body (up to MAX_BATCH_BODY_BYTES) is read. */
const servicesOnly: onRequestHookHandler = (request, _reply, done) => done(callerOf(request).isService ? undefined : serviceRequired());

/** `/contacts/:id/activities`: a contact's interactions, newest first (M4, C8); `/activities/batch`: mail's macro notes (E13). */
export const activitiesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, crmApi.listActivities, async (request) =>
    app.activitiesRepository.list(callerOf(request), request.params.id, request.query),
  );
  serve(app, crmApi.createActivity, async (request) =>
    app.activitiesRepository.create(callerOf(request), request.params.id, request.body),
  );
  serve(app, crmApi.createActivities, async (request) => app.activitiesRepository.createMany(callerOf(request), request.body), {
    bodyLimit: MAX_BATCH_BODY_BYTES,
    onRequest: servicesOnly,
  });
};
