import {
  CommonErrorCode,
  ErrorBodySchema,
  type RouteAnswer,
  type RouteBody,
  type RouteContract,
  type RouteParams,
  type RouteQuery,
} from '@switchboard/contracts';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract the route was registered from (`serve`). */
    contract?: RouteContract;
  }
}

/** The request a contract's handler gets: params, query and body typed from the contract. */
export type ContractRequest<R extends RouteContract> = FastifyRequest<{
  Params: RouteParams<R>;
  Querystring: RouteQuery<R>;
  Body: RouteBody<R>;
}>;

/**
 * A contract's handler: returns the answer (sent with the contract's status), or sends it
 * itself through `reply` (file bytes, streams) and returns the reply.
 */
export type ContractHandler<R extends RouteContract> = (
  request: ContractRequest<R>,
  reply: FastifyReply,
) => Promise<RouteAnswer<R> | FastifyReply>;

/** Route options the contract does not carry: limits and hooks of the service's own. */
export type ServeOptions = Pick<RouteShorthandOptions, 'bodyLimit' | 'preHandler' | 'onRequest'>;

/** Error statuses every route may answer, each with the one error body. */
const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 429, 503] as const;

function responseSchemas(route: RouteContract): Record<number, unknown> {
  const errors = Object.fromEntries(
    ERROR_STATUSES.map((status) => [status, { ...ErrorBodySchema, description: route.errors.join(', ') || 'common codes' }]),
  );
  const status = route.status ?? 200;
  if (status === 204) return { 204: Type.Null(), ...errors };
  return route.response ? { [status]: route.response, ...errors } : errors;
}

/**
 * Registers the handler of one contract route: method, path, schemas, status, OpenAPI and
 * whether it is public all come from the contract, so service and clients cannot drift apart.
 */
export function serve<R extends RouteContract>(
  app: FastifyInstance,
  route: R,
  handler: ContractHandler<R>,
  options: ServeOptions = {},
): void {
  const status = route.status ?? 200;
  app.route({
    ...options,
    method: route.method,
    url: route.path,
    config: { contract: route, ...(route.public ? { public: true } : {}) },
    schema: {
      summary: route.summary,
      tags: [...route.tags],
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { querystring: route.query } : {}),
      ...(route.body ? { body: route.body } : {}),
      ...(route.consumes ? { consumes: [...route.consumes] } : {}),
      response: responseSchemas(route),
    },
    handler: async (request, reply) => {
      const answer = await handler(request as ContractRequest<R>, reply);
      if (answer === reply || reply.sent) return reply;
      return reply.status(status).send(status === 204 ? null : answer);
    },
  });
}

/** Codes any route may answer without declaring them: validation, auth, limits, Fastify's own. */
const COMMON_CODES = new Set<string>([
  ...Object.values(CommonErrorCode),
  'EMPTY_JSON_BODY',
  'INVALID_JSON',
  'INVALID_CONTENT_LENGTH',
]);

/** Whether a route may answer this error code: a common one, or one its contract declares. */
export function isDeclaredErrorCode(route: RouteContract | undefined, code: string): boolean {
  return route === undefined || COMMON_CODES.has(code) || route.errors.includes(code);
}
