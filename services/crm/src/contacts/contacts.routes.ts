import { crmApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/contacts`: search, match by address or number (C6, C9), read (C1), create, change (C3). */
export const contactsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, crmApi.searchContacts, async (request) => app.contactsRepository.search(callerOf(request), request.query));
  serve(app, crmApi.matchContacts, async (request) => app.contactsRepository.match(callerOf(request), request.query));
  serve(app, crmApi.getContact, async (request) => app.contactsRepository.get(callerOf(request), request.params.id));
  serve(app, crmApi.createContact, async (request) => app.contactsRepository.create(callerOf(request), request.body));
  serve(app, crmApi.updateContact, async (request) => app.contactsRepository.update(callerOf(request), request.params.id, request.body));
};
