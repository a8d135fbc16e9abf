import multipart from '@fastify/multipart';
import { registryApi } from '@switchboard/contracts';
import { callerOf, serve, type ContractRequest } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { manifestUrlRequired, unsupportedMediaType } from '../errors';
import type { BuildLimits } from '../publish/store-build';
import { discardRequestBody, multipartFiles } from '../publish/upload-files';

/** Form fields tolerated by the parser (then refused with a clear message instead of a 413). */
const MAX_FIELDS = 5;

type PublishRequest = ContractRequest<typeof registryApi.publishVersion>;

/** `PUT /widgets/:name/versions/:version`: publish a build by upload (multipart) or by URL (JSON); admins only. */
export const publishRoutes: FastifyPluginAsync<{ buildLimits: BuildLimits }> = async (app, { buildLimits }) => {
  // Registered here, so only this route parses multipart. Paths are kept: a part's filename is
  // the file's path under dist/.
  await app.register(multipart, {
    preservePath: true,
    limits: {
      files: buildLimits.maxFiles + 1,
      fileSize: buildLimits.maxBytes,
      fields: MAX_FIELDS,
      parts: buildLimits.maxFiles + MAX_FIELDS,
      headerPairs: 20,
    },
  });
  // JSON or multipart only: any other body is 415 before validation (whose `null` stands for multipart).
  app.removeContentTypeParser('text/plain');

  const upload = async (request: PublishRequest) => {
    try {
      return await app.publisher.upload(callerOf(request), request.params, multipartFiles(request, buildLimits));
    } catch (error) {
      discardRequestBody(request);
      throw error;
    }
  };

  const register = async (request: PublishRequest) => {
    if (request.mediaType !== 'application/json') throw unsupportedMediaType();
    if (!request.body) throw manifestUrlRequired();
    return app.publisher.register(callerOf(request), request.params, request.body.manifestUrl);
  };

  serve(app, registryApi.publishVersion, async (request) => (request.isMultipart() ? upload(request) : register(request)));
};
