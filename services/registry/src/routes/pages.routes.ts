import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  errorResponses,
  PageCompositionSchema,
  PageParamsSchema,
  SaveLayoutBodySchema,
  TeamPageParamsSchema,
} from '@switchboard/contracts';
import { requireRole } from '@switchboard/service-kit';
import { callerOf } from '../caller';
import type { LayoutOwner } from '../pages/layouts.repository';
import { ownLayout } from '../pages/pages.service';

/**
 * `/pages/:page`: the page composition the shell loads (S1), the caller's own layout, and the
 * team and default layouts admins edit. Every answer is the composition after the change.
 */
export const pagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['pages'];
  const response = { 200: PageCompositionSchema, ...errorResponses };
  const pages = () => app.registry.pages;
  const DEFAULT: LayoutOwner = { kind: 'default' };
  const team = (teamId: string): LayoutOwner => ({ kind: 'team', teamId: teamId.toLowerCase() });

  app.get(
    '/pages/:page',
    { schema: { tags, summary: "The caller's page: own layout, else a team's, else the default", params: PageParamsSchema, response } },
    async (request) => {
      const caller = callerOf(request);
      return pages().composition(caller, request.params.page, ownLayout(caller));
    },
  );

  app.put(
    '/pages/:page/layout',
    { schema: { tags, summary: "Saves the caller's own layout", params: PageParamsSchema, body: SaveLayoutBodySchema, response } },
    async (request) => {
      const caller = callerOf(request);
      const { widgets, version } = request.body;
      return pages().save(caller, request.params.page, ownLayout(caller), widgets, version);
    },
  );

  app.delete(
    '/pages/:page/layout',
    { schema: { tags, summary: "Drops the caller's own layout (back to the team's or the default)", params: PageParamsSchema, response } },
    async (request) => {
      const caller = callerOf(request);
      return pages().reset(caller, request.params.page, ownLayout(caller));
    },
  );

  app.get(
    '/pages/:page/teams/:teamId/layout',
    { schema: { tags, summary: "A team's layout (admin)", params: TeamPageParamsSchema, response } },
    async (request) => {
      requireRole(request, 'admin');
      return pages().composition(callerOf(request), request.params.page, team(request.params.teamId));
    },
  );

  app.put(
    '/pages/:page/teams/:teamId/layout',
    { schema: { tags, summary: "Saves a team's layout (admin)", params: TeamPageParamsSchema, body: SaveLayoutBodySchema, response } },
    async (request) => {
      requireRole(request, 'admin');
      const { widgets, version } = request.body;
      return pages().save(callerOf(request), request.params.page, team(request.params.teamId), widgets, version);
    },
  );

  app.delete(
    '/pages/:page/teams/:teamId/layout',
    { schema: { tags, summary: "Drops a team's layout (admin)", params: TeamPageParamsSchema, response } },
    async (request) => {
      requireRole(request, 'admin');
      return pages().reset(callerOf(request), request.params.page, team(request.params.teamId));
    },
  );

  app.get(
    '/pages/:page/default-layout',
    { schema: { tags, summary: "The page's default layout (admin)", params: PageParamsSchema, response } },
    async (request) => {
      requireRole(request, 'admin');
      return pages().composition(callerOf(request), request.params.page, DEFAULT);
    },
  );

  app.put(
    '/pages/:page/default-layout',
    { schema: { tags, summary: "Saves the page's default layout (admin)", params: PageParamsSchema, body: SaveLayoutBodySchema, response } },
    async (request) => {
      requireRole(request, 'admin');
      const { widgets, version } = request.body;
      return pages().save(callerOf(request), request.params.page, DEFAULT, widgets, version);
    },
  );
};
