import { kbApi } from '@switchboard/contracts';
import { serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { kbCallerOf } from '../access';

/** `/articles/search` and `/articles/suggest` (A1). */
export const searchRoutes: FastifyPluginAsync = async (app) => {
  serve(app, kbApi.searchArticles, async (request) => app.searchRepository.search(kbCallerOf(request), request.query));
  serve(app, kbApi.suggestArticles, async (request) => app.searchRepository.suggest(kbCallerOf(request), request.query));
};
