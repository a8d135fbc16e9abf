import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CreateDraftBodySchema,
  EmailIdParamSchema,
  EmailListQuerySchema,
  EmailListSchema,
  EmailSchema,
  PatchDraftBodySchema,
  SendBodySchema,
} from '@switchboard/contracts';
import { createDraft } from './create-draft';
import { discardDraft, patchDraft } from './edit-draft';
import { loadEmail, requireAgent } from './email-access';
import { listFolder } from './email-lists';
import { emailView } from './email-view';
import { mailErrorResponses } from './error-responses';
import { sendEmail } from './send-email';
import { ensureTicketCopy } from './ticket-copy';

/** Drafts and sends of the agent: create (N1-N3), read, autosave (E5), discard (E6), send (E7), folders (E8). */
export const draftsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['emails'];

  app.post(
    '/drafts',
    { schema: { tags, body: CreateDraftBodySchema, response: { 201: EmailSchema, ...mailErrorResponses } } },
    async (request, reply) => {
      const ctx = { em: app.orm.em, store: app.blobStore, tickets: app.ticketsClient, log: request.log };
      return reply.status(201).send(await createDraft(ctx, requireAgent(request), request.body));
    },
  );

  app.get(
    '/emails',
    { schema: { tags, querystring: EmailListQuerySchema, response: { 200: EmailListSchema, ...mailErrorResponses } } },
    async (request) => listFolder(app.orm.em, requireAgent(request), request.query),
  );

  app.get(
    '/emails/:id',
    { schema: { tags, params: EmailIdParamSchema, response: { 200: EmailSchema, ...mailErrorResponses } } },
    async (request) => {
      const email = await loadEmail(app.orm.em, requireAgent(request), request.params.id);
      await ensureTicketCopy(app.orm.em, app.ticketsClient, email, request.log);
      return emailView(app.orm.em, email);
    },
  );

  app.patch(
    '/emails/:id',
    { schema: { tags, params: EmailIdParamSchema, body: PatchDraftBodySchema, response: { 200: EmailSchema, ...mailErrorResponses } } },
    async (request) => patchDraft(app.orm.em, requireAgent(request), request.params.id, request.body),
  );

  app.delete(
    '/emails/:id',
    { schema: { tags, params: EmailIdParamSchema, response: { 204: Type.Null(), ...mailErrorResponses } } },
    async (request, reply) => {
      await discardDraft(app.orm.em, requireAgent(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/emails/:id/send',
    { schema: { tags, params: EmailIdParamSchema, body: SendBodySchema, response: { 202: EmailSchema, ...mailErrorResponses } } },
    async (request, reply) => {
      const email = await sendEmail(app.orm.em, app.ticketsClient, requireAgent(request), request.params.id, request.body.version);
      app.outboxRelay?.kick();
      return reply.status(202).send(email);
    },
  );
};
