import { crmApi } from '@switchboard/contracts';
import { serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/slas/:ref`: the targets of the SLA plan a company names (C7). */
export const slasRoutes: FastifyPluginAsync = async (app) => {
  serve(app, crmApi.getSla, async (request) => app.slasRepository.get(request.params.ref));
};
