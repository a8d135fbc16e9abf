import { kbApi } from '@switchboard/contracts';
import { serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { kbCallerOf } from '../access';

/** `/articles`: list, read (A2), write, publish, versions (open and restore one). */
export const articlesRoutes: FastifyPluginAsync = async (app) => {
  const repo = () => app.articlesRepository;
  serve(app, kbApi.listArticles, async (request) => repo().list(kbCallerOf(request), request.query));
  serve(app, kbApi.getArticle, async (request) => repo().get(kbCallerOf(request), request.params.id));
  serve(app, kbApi.createArticle, async (request) => repo().create(kbCallerOf(request), request.body));
  serve(app, kbApi.updateArticle, async (request) => repo().update(kbCallerOf(request), request.params.id, request.body));
  serve(app, kbApi.publishArticle, async (request) => repo().setStatus(kbCallerOf(request), request.params.id, request.body.version, 'published'));
  serve(app, kbApi.unpublishArticle, async (request) => repo().setStatus(kbCallerOf(request), request.params.id, request.body.version, 'draft'));
  serve(app, kbApi.listArticleVersions, async (request) => repo().versions(kbCallerOf(request), request.params.id));
  serve(app, kbApi.getArticleVersion, async (request) => repo().version(kbCallerOf(request), request.params.id, request.params.version));
  serve(app, kbApi.restoreArticleVersion, async (request) =>
    repo().restore(kbCallerOf(request), request.params.id, request.params.version, request.body.version),
  );
};
