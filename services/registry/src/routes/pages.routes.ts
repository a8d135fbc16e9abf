import { registryApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import type { LayoutTarget } from '../pages/pages.repository';

const OWN: LayoutTarget = { kind: 'own' };
const DEFAULT: LayoutTarget = { kind: 'default' };
const team = (teamId: string): LayoutTarget => ({ kind: 'team', teamId });

/**
 * `/pages/:page`: the page composition the shell loads (S1), the caller's own layout, and the
 * team and default layouts admins edit. Every answer is the composition after the change.
 */
export const pagesRoutes: FastifyPluginAsync = async (app) => {
  const pages = app.pagesRepository;
  serve(app, registryApi.getPage, async (request) => pages.composition(callerOf(request), request.params.page, OWN));
  serve(app, registryApi.saveLayout, async (request) => pages.save(callerOf(request), request.params.page, OWN, request.body));
  serve(app, registryApi.resetLayout, async (request) => pages.reset(callerOf(request), request.params.page, OWN));
  serve(app, registryApi.getTeamLayout, async (request) =>
    pages.composition(callerOf(request), request.params.page, team(request.params.teamId)),
  );
  serve(app, registryApi.saveTeamLayout, async (request) =>
    pages.save(callerOf(request), request.params.page, team(request.params.teamId), request.body),
  );
  serve(app, registryApi.resetTeamLayout, async (request) =>
    pages.reset(callerOf(request), request.params.page, team(request.params.teamId)),
  );
  serve(app, registryApi.getDefaultLayout, async (request) => pages.composition(callerOf(request), request.params.page, DEFAULT));
  serve(app, registryApi.saveDefaultLayout, async (request) =>
    pages.save(callerOf(request), request.params.page, DEFAULT, request.body),
  );
};
