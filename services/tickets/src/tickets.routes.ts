import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CreateTicketBodySchema,
  errorResponses,
  TicketIdParamsSchema,
  TicketListSchema,
  TicketSchema,
  TicketSearchQuerySchema,
} from '@switchboard/contracts';
import { callerOf } from './caller';

/** `/tickets`: search with filters (K2, K3), create (K4), read, favourites. */
export const ticketsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['tickets'];

  app.get(
    '/tickets',
    { schema: { tags, querystring: TicketSearchQuerySchema, response: { 200: TicketListSchema, ...errorResponses } } },
    async (request) => app.ticketsRepository.search(callerOf(request), request.query),
  );

  app.post(
    '/tickets',
    { schema: { tags, body: CreateTicketBodySchema, response: { 201: TicketSchema, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await app.ticketsRepository.create(callerOf(request), request.body)),
  );

  app.get(
    '/tickets/:id',
    { schema: { tags, params: TicketIdParamsSchema, response: { 200: TicketSchema, ...errorResponses } } },
    async (request) => app.ticketsRepository.get(callerOf(request), request.params.id),
  );

  for (const [method, favourite] of [['PUT', true], ['DELETE', false]] as const) {
    app.route({
      method,
      url: '/tickets/:id/favourite',
      schema: { tags, params: TicketIdParamsSchema, response: { 204: Type.Null(), ...errorResponses } },
      handler: async (request, reply) => {
        await app.ticketsRepository.setFavourite(callerOf(request), request.params.id, favourite);
        return reply.status(204).send(null);
      },
    });
  }
};
