import { registryApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/**
 * `/widgets`: what is published and what each environment serves (admins), and load failures
 * the shells report (anyone signed in). Changes take effect on the next page load.
 */
export const widgetsRoutes: FastifyPluginAsync = async (app) => {
  const widgets = app.widgetsRepository;
  serve(app, registryApi.listWidgets, async (request) => widgets.list(callerOf(request), request.query.environment));
  serve(app, registryApi.getWidget, async (request) =>
    widgets.summary(callerOf(request), request.params.name, request.query.environment),
  );
  serve(app, registryApi.activateVersion, async (request) =>
    widgets.activate(callerOf(request), request.params.name, request.body.version, request.body.environment),
  );
  serve(app, registryApi.rollback, async (request) =>
    widgets.rollback(callerOf(request), request.params.name, request.body?.environment),
  );
  serve(app, registryApi.setCanary, async (request) => {
    const { environment, ...canary } = request.body;
    return widgets.setCanary(callerOf(request), request.params.name, canary, environment);
  });
  serve(app, registryApi.clearCanary, async (request) =>
    widgets.setCanary(callerOf(request), request.params.name, null, request.query.environment),
  );
  serve(app, registryApi.reportFailure, async (request) =>
    widgets.reportFailure(request.params.name, request.params.version, request.body),
  );
};
