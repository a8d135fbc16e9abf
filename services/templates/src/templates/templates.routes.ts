import { templatesApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/templates`: the tree and search, read, create, change, delete, render (E10). */
export const templatesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, templatesApi.searchTemplates, async (request) => app.templatesRepository.search(callerOf(request), request.query));
  serve(app, templatesApi.getTemplate, async (request) => app.templatesRepository.get(callerOf(request), request.params.id));
  serve(app, templatesApi.createTemplate, async (request) => app.templatesRepository.create(callerOf(request), request.body));
  serve(app, templatesApi.updateTemplate, async (request) => app.templatesRepository.update(callerOf(request), request.params.id, request.body));
  serve(app, templatesApi.deleteTemplate, async (request) => app.templatesRepository.remove(callerOf(request), request.params.id));
  serve(app, templatesApi.renderTemplate, async (request) => app.templatesRepository.render(callerOf(request), request.params.id, request.body));
};
