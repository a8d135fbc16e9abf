import { crmApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/contacts/:id/activities`: a contact's interactions, newest first (M4, C8). */
export const activitiesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, crmApi.listActivities, async (request) =>
    app.activitiesRepository.list(callerOf(request), request.params.id, request.query),
  );
  serve(app, crmApi.createActivity, async (request) =>
    app.activitiesRepository.create(callerOf(request), request.params.id, request.body),
  );
};
