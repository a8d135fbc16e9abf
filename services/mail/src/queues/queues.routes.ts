import { mailApi } from '@switchboard/contracts';
import { requireUser, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { AGENTS_ONLY } from '../errors';

/** `GET /queues`: the queues the agent may send through (M2, E2). */
export const queuesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, mailApi.listQueues, async (request) => app.queuesRepository.list(requireUser(request, AGENTS_ONLY)));
};
