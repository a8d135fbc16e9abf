import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema, WidgetNameSchema, WidgetVersionSchema } from '@switchboard/contracts';
import { assetNotFound } from '../errors';
import { contentTypeOf, isDocumentType } from './content-type';

const AssetParamsSchema = Type.Object({
  name: WidgetNameSchema,
  version: WidgetVersionSchema,
  '*': Type.String({ minLength: 1, maxLength: 300 }),
});

/**
 * `GET /assets/:name/:version/*`: the stored files of uploaded builds, public. A version's files
 * never change, so they are cached for a year; any origin may load them (the shell loads
 * scripts with `crossorigin="anonymous"` and an `integrity`).
 */
export const assetsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/assets/:name/:version/*',
    {
      config: { public: true },
      schema: {
        tags: ['assets'],
        summary: 'A file of an uploaded build',
        security: [],
        params: AssetParamsSchema,
        response: { 200: Type.Unknown({ description: 'The file, streamed' }), 400: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const { name, version, '*': path } = request.params;
      const file = await app.registry.versions.findFile(name, version, path);
      if (!file) throw assetNotFound(`${name}/${version}/${path}`);
      const contentType = contentTypeOf(path);
      if (isDocumentType(contentType)) reply.header('content-security-policy', "sandbox; default-src 'none'");
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('x-content-type-options', 'nosniff')
        .header('content-length', file.size)
        .type(contentType)
        .send(app.registry.config.store.open(file.sha256));
    },
  );
};
