import { registryApi } from '@switchboard/contracts';
import { serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { assetNotFound } from '../errors';
import { contentTypeOf, isDocumentType } from './content-type';

/**
 * `GET /assets/:name/:version/*`: the stored files of uploaded builds, public. A version's files
 * never change, so they are cached for a year; any origin may load them (the shell loads
 * scripts with `crossorigin="anonymous"` and an `integrity`).
 */
export const assetsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, registryApi.getAsset, async (request, reply) => {
    const { name, version, '*': path } = request.params;
    const file = await app.versionsRepository.findFile(name, version, path);
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
      .send(app.buildStore.open(file.sha256));
  });
};
