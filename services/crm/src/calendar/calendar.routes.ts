import { crmApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/calendar/events`: the agent's scheduled callbacks, meetings and follow-ups (L1). */
export const calendarRoutes: FastifyPluginAsync = async (app) => {
  serve(app, crmApi.listEvents, async (request) => app.calendarRepository.list(callerOf(request), request.query));
  serve(app, crmApi.createEvent, async (request) => app.calendarRepository.create(callerOf(request), request.body));
  serve(app, crmApi.getEvent, async (request) => app.calendarRepository.get(callerOf(request), request.params.id));
  serve(app, crmApi.updateEvent, async (request) => app.calendarRepository.update(callerOf(request), request.params.id, request.body));
  serve(app, crmApi.cancelEvent, async (request) => app.calendarRepository.cancel(callerOf(request), request.params.id));
};
