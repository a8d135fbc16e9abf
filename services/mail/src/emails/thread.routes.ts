import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EmailIdParamSchema, EmailListSchema, MailTicketParamsSchema, RecipientSuggestionsSchema } from '@switchboard/contracts';
import { queueAddresses } from '../queues/queue-access';
import { loadEmail, requireAgent } from './email-access';
import { ticketEmails } from './email-lists';
import { toSummaries } from './email-view';
import { mailErrorResponses } from './error-responses';
import { recipientSuggestions } from './suggestions';
import { ensureTicketCopy } from './ticket-copy';

/** A ticket's emails (M1) and the recipient suggestions drawn from them (E3). */
export const threadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['emails'];

  app.get(
    '/tickets/:ticketId/emails',
    { schema: { tags, params: MailTicketParamsSchema, response: { 200: EmailListSchema, ...mailErrorResponses } } },
    async (request) => {
      const emails = await ticketEmails(app.orm.em, requireAgent(request), request.params.ticketId);
      return { items: await toSummaries(app.orm.em, emails) };
    },
  );

  app.get(
    '/emails/:id/suggestions',
    { schema: { tags, params: EmailIdParamSchema, response: { 200: RecipientSuggestionsSchema, ...mailErrorResponses } } },
    async (request) => {
      const caller = requireAgent(request);
      const email = await ensureTicketCopy(app.orm.em, app.ticketsClient, await loadEmail(app.orm.em, caller, request.params.id), request.log);
      if (!email.ticketId) return { items: [] };
      const thread = (await ticketEmails(app.orm.em, caller, email.ticketId)).filter((e) => e.id !== email.id);
      const sources = thread.map((e) => ({ direction: e.direction, contactId: e.contactId ?? null, from: e.from ?? null, to: e.to, cc: e.cc }));
      return recipientSuggestions(sources, email.contactId ?? null, await queueAddresses(app.orm.em));
    },
  );
};
