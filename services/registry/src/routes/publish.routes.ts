import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  CommonErrorCode,
  ErrorBodySchema,
  errorResponses,
  PublishedVersionSchema,
  RegisterVersionBodySchema,
  WidgetVersionParamsSchema,
} from '@switchboard/contracts';
import { AppError, badRequest, requireRole } from '@switchboard/service-kit';
import type { FastifyRequest } from 'fastify';
import { discardRequestBody, multipartFiles } from '../publish/upload-files';
import { toPublishedVersion } from '../widgets/published-version';

/** Form fields tolerated by the parser (then refused with a clear message instead of a 413). */
const MAX_FIELDS = 5;

/** 415: neither an upload nor a JSON registration. */
const unsupportedMediaType = () =>
  new AppError(415, CommonErrorCode.unsupportedMediaType, 'Send the build files as multipart/form-data, or { manifestUrl } as JSON');

/**
 * The JSON body, already validated against RegisterVersionBodySchema by the route (formats
 * included, which TypeBox's Value does not know); this check only narrows its type.
 */
const RegisterShape = Type.Object({ manifestUrl: Type.String() });
function registerBody(body: unknown) {
  if (!Value.Check(RegisterShape, body)) throw badRequest(CommonErrorCode.validation, 'Send { manifestUrl } as JSON');
  return body;
}

/** `PUT /widgets/:name/versions/:version`: publish a build by upload (multipart) or by URL (JSON); admins only. */
export const publishRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { buildLimits } = app.registry.config;
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

  const upload = async (request: FastifyRequest, name: string, version: string) => {
    try {
      requireRole(request, 'admin');
      return await app.registry.publisher.upload({ name, version }, multipartFiles(request, buildLimits), request.auth.sub);
    } catch (error) {
      discardRequestBody(request);
      throw error;
    }
  };

  const register = async (request: FastifyRequest, name: string, version: string) => {
    requireRole(request, 'admin');
    if (request.mediaType !== 'application/json') throw unsupportedMediaType();
    return app.registry.publisher.register({ name, version }, registerBody(request.body).manifestUrl, request.auth.sub);
  };

  app.put(
    '/widgets/:name/versions/:version',
    {
      schema: {
        tags: ['publish'],
        summary: 'Publish an immutable version: the built files (multipart) or the URL of its widget.json (JSON)',
        params: WidgetVersionParamsSchema,
        consumes: ['multipart/form-data', 'application/json'],
        body: { content: { 'application/json': { schema: RegisterVersionBodySchema } } },
        response: { 201: PublishedVersionSchema, 413: ErrorBodySchema, 415: ErrorBodySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { name, version } = request.params;
      const record = request.isMultipart() ? await upload(request, name, version) : await register(request, name, version);
      return reply.status(201).send(toPublishedVersion(record, app.registry.config.assetBaseUrl));
    },
  );
};
