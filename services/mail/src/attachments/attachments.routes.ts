import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `/emails/:id/attachments` and `/tickets/:ticketId/attachments` (E11). */
export const attachmentsRoutes: FastifyPluginAsyncTypebox = async () => {};
