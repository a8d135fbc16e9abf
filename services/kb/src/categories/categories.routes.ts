import { kbApi } from '@switchboard/contracts';
import { serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { kbCallerOf } from '../access';

/** `/categories`: the tree, and new categories for KB editors. */
export const categoriesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, kbApi.listCategories, async () => app.categoriesRepository.list());
  serve(app, kbApi.createCategory, async (request) => app.categoriesRepository.create(kbCallerOf(request), request.body));
};
