import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ActivateBodySchema,
  EnvironmentQuerySchema,
  errorResponses,
  LoadFailureBodySchema,
  RollbackBodySchema,
  SetCanaryBodySchema,
  WidgetListSchema,
  WidgetParamsSchema,
  WidgetSummarySchema,
  WidgetVersionParamsSchema,
} from '@switchboard/contracts';
import { requireRole } from '@switchboard/service-kit';
import { versionNotFound } from '../errors';

/**
 * `/widgets`: what is published and what each environment serves (admins), and load failures
 * the shells report (anyone signed in). Changes take effect on the next page load.
 */
export const widgetsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['widgets'];
  const summary = { 200: WidgetSummarySchema, ...errorResponses };
  const environmentOf = (requested?: string) => requested ?? app.registry.config.environment;

  app.get(
    '/widgets',
    { schema: { tags, querystring: EnvironmentQuerySchema, response: { 200: WidgetListSchema, ...errorResponses } } },
    async (request) => {
      requireRole(request, 'admin');
      return app.registry.widgets.list(environmentOf(request.query.environment));
    },
  );

  app.get(
    '/widgets/:name',
    { schema: { tags, params: WidgetParamsSchema, querystring: EnvironmentQuerySchema, response: summary } },
    async (request) => {
      requireRole(request, 'admin');
      return app.registry.widgets.summary(request.params.name, environmentOf(request.query.environment));
    },
  );

  app.post(
    '/widgets/:name/activate',
    { schema: { tags, params: WidgetParamsSchema, body: ActivateBodySchema, response: summary } },
    async (request) => {
      requireRole(request, 'admin');
      const { version, environment } = request.body;
      return app.registry.widgets.activate(request.params.name, environmentOf(environment), version);
    },
  );

  app.post(
    '/widgets/:name/rollback',
    // The body is optional: a bare POST rolls back in the default environment.
    { schema: { tags, params: WidgetParamsSchema, body: Type.Union([RollbackBodySchema, Type.Null()]), response: summary } },
    async (request) => {
      requireRole(request, 'admin');
      return app.registry.widgets.rollback(request.params.name, environmentOf(request.body?.environment));
    },
  );

  app.put(
    '/widgets/:name/canary',
    { schema: { tags, params: WidgetParamsSchema, body: SetCanaryBodySchema, response: summary } },
    async (request) => {
      requireRole(request, 'admin');
      const { environment, ...canary } = request.body;
      return app.registry.widgets.setCanary(request.params.name, environmentOf(environment), canary);
    },
  );

  app.delete(
    '/widgets/:name/canary',
    { schema: { tags, params: WidgetParamsSchema, querystring: EnvironmentQuerySchema, response: summary } },
    async (request) => {
      requireRole(request, 'admin');
      return app.registry.widgets.setCanary(request.params.name, environmentOf(request.query.environment), null);
    },
  );

  app.post(
    '/widgets/:name/versions/:version/failures',
    {
      schema: {
        tags,
        summary: 'A shell reports that a version failed to load',
        params: WidgetVersionParamsSchema,
        body: LoadFailureBodySchema,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { name, version } = request.params;
      const { kind, reason } = request.body;
      if (!(await app.registry.versions.recordFailure(name, version, `${kind}: ${reason}`))) throw versionNotFound(name, version);
      return reply.status(204).send(null);
    },
  );
};
