import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EmailIdParamsSchema,
  EmailTicketSchema,
  errorResponses,
  LinkEmailBodySchema,
  RecentEmailsQuerySchema,
  RecentEmailsSchema,
} from '@switchboard/contracts';
import { callerOf } from './caller';

/** `/emails`: which ticket an email belongs to (K1), and the agent's recent emails. */
export const emailsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['emails'];

  app.put(
    '/emails/:emailId/ticket',
    {
      schema: { tags, params: EmailIdParamsSchema, body: LinkEmailBodySchema, response: { 200: EmailTicketSchema, ...errorResponses } },
    },
    async (request) => app.emailLinksRepository.link(callerOf(request), request.params.emailId, request.body.ticketId),
  );

  app.get(
    '/emails/:emailId/ticket',
    { schema: { tags, params: EmailIdParamsSchema, response: { 200: EmailTicketSchema, ...errorResponses } } },
    async (request) => app.emailLinksRepository.get(callerOf(request), request.params.emailId),
  );

  app.get(
    '/emails',
    { schema: { tags, querystring: RecentEmailsQuerySchema, response: { 200: RecentEmailsSchema, ...errorResponses } } },
    async (request) => app.emailLinksRepository.recent(callerOf(request), request.query.limit ?? 10),
  );
};
