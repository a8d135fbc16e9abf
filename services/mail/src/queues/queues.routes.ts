import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, MailQueueListSchema } from '@switchboard/contracts';
import { requireAgent } from '../emails/email-access';
import { callerQueues } from './queue-access';

/** `GET /queues`: the queues the agent may send through (M2, E2). */
export const queuesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/queues',
    { schema: { tags: ['queues'], response: { 200: MailQueueListSchema, ...errorResponses } } },
    async (request) => {
      const queues = await callerQueues(app.orm.em, requireAgent(request));
      return { items: queues.map((q) => ({ id: q.id, name: q.name, fromAddress: q.fromAddress })) };
    },
  );
};
