import { crmApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { serviceRequired } from '../errors';

/** `/contacts/:id/activities`: a contact's interactions, newest first (M4, C8); `/activities/batch`: mail's macro notes (E13). */
export const activitiesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, crmApi.listActivities, async (request) =>
    app.activitiesRepository.list(callerOf(request), request.params.id, request.query),
  );
  serve(app, crmApi.createActivity, async (request) =>
    app.activitiesRepository.create(callerOf(request), request.params.id, request.body),
  );
  serve(app, crmApi.createActivities, async (request) => {
    const caller = callerOf(request);
    if (!caller.isService) throw serviceRequired();
    return app.activitiesRepository.createMany(caller, request.body);
  });
};
