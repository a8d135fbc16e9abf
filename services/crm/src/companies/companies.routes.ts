import { crmApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/companies`: search, match by email domain, read (C1, C7), create, change. */
export const companiesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, crmApi.searchCompanies, async (request) => app.companiesRepository.search(callerOf(request), request.query));
  serve(app, crmApi.matchCompanies, async (request) => app.companiesRepository.matchDomain(callerOf(request), request.query.domain));
  serve(app, crmApi.getCompany, async (request) => app.companiesRepository.get(callerOf(request), request.params.id));
  serve(app, crmApi.createCompany, async (request) => app.companiesRepository.create(callerOf(request), request.body));
  serve(app, crmApi.updateCompany, async (request) => app.companiesRepository.update(callerOf(request), request.params.id, request.body));
};
