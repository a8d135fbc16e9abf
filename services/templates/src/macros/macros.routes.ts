import { templatesApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import { agentFor } from '../access';
import type { FastifyPluginAsync } from 'fastify';

/** `/macros`: list, read, create, change, delete (E13). */
export const macrosRoutes: FastifyPluginAsync = async (app) => {
  serve(app, templatesApi.listMacros, async (request) => app.macrosRepository.list(callerOf(request)));
  serve(app, templatesApi.usableMacros, async (request) => app.macrosRepository.list(agentFor(callerOf(request), request.body)));
  serve(app, templatesApi.getMacro, async (request) => app.macrosRepository.get(callerOf(request), request.params.id));
  serve(app, templatesApi.createMacro, async (request) => app.macrosRepository.create(callerOf(request), request.body));
  serve(app, templatesApi.updateMacro, async (request) => app.macrosRepository.update(callerOf(request), request.params.id, request.body));
  serve(app, templatesApi.deleteMacro, async (request) => app.macrosRepository.remove(callerOf(request), request.params.id));
};
