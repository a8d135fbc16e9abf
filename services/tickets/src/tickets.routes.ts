import { ticketsApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/tickets`: search with filters (K2, K3), create (K4), read, favourites. */
export const ticketsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.searchTickets, async (request) => app.ticketsRepository.search(callerOf(request), request.query));
  serve(app, ticketsApi.createTicket, async (request) => app.ticketsRepository.create(callerOf(request), request.body));
  serve(app, ticketsApi.getTicket, async (request) => app.ticketsRepository.get(callerOf(request), request.params.id));
  serve(app, ticketsApi.addFavourite, async (request) => app.ticketsRepository.setFavourite(callerOf(request), request.params.id, true));
  serve(app, ticketsApi.removeFavourite, async (request) =>
    app.ticketsRepository.setFavourite(callerOf(request), request.params.id, false),
  );
};
