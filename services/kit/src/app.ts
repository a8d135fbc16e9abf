import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBodySchema, HealthSchema, type RouteContract } from '@switchboard/contracts';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { authPlugin, type AuthOptions } from './auth';
import { installErrorHandling } from './errors';
import { installInputGuard } from './input-guard';
import { installMetrics } from './metrics';
import { ormPlugin, type OrmOptions } from './orm';
import { traceRequests } from './tracing';

/** A Fastify instance with the TypeBox type provider: what every service builds on. */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A route the service registered (kit routes and HEAD aside), for the contract tests. */
export interface RegisteredRoute {
  method: string;
  url: string;
  /** The contract it was registered from, when it was (`serve`). */
  contract?: RouteContract;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the service registered, in order (kit routes and HEAD aside). */
    registeredRoutes: RegisteredRoute[];
  }
}

/** A named readiness check; resolves when the dependency answers. */
export type ReadyCheck = (app: ServiceApp) => Promise<void>;

export interface ServiceAppOptions {
  /** Service name, used in logs, health and OpenAPI. */
  name: string;
  /** Service version for OpenAPI. */
  version?: string;
  /** Pino logger options, or false to stay quiet (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Token verification for every non-public route. */
  auth: AuthOptions;
  /** Database and migrations; omitted for services without storage. */
  orm?: OrmOptions;
  /** Extra readiness checks, e.g. Redis. */
  readyChecks?: Record<string, ReadyCheck>;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit?: number;
  /**
   * Answer 500 when a route throws an error code its contract does not declare (default: when
   * NODE_ENV is `test`); otherwise such a code is logged as a warning.
   */
  strictContracts?: boolean;
  /** Whose X-Forwarded-For to believe for `request.ip` (Fastify's `trustProxy`); default loopback. */
  trustProxy?: FastifyServerOptions['trustProxy'];
}

/** Redacted wherever they appear in a log line. */
const redactPaths = ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'token', '*.token'];

/**
 * What every log line of a service carries: the service's name, and on "request completed" the
 * route's template beside the status (Fastify adds the request id and the duration); secrets
 * redacted.
 */
function logFields(service: string) {
  return {
    redact: redactPaths,
    base: { service },
    serializers: {
      // Fastify hands the reply to the `res` serializer.
      res: (reply: { statusCode: number; request?: { routeOptions?: { url?: string } } }) => ({ statusCode: reply.statusCode, route: reply.request?.routeOptions?.url }),
    },
  };
}

/**
 * Creates the common Fastify instance: request ids, TypeBox validation, one error handler,
 * `/health`, `/ready`, `/openapi.json`, `/metrics` (Prometheus, see metrics.ts), token verification,
 * a trace span per request when tracing is on (tracing.ts) and (optionally) the ORM.
 * The caller registers its routes on the result.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<ServiceApp> {
  const fields = logFields(options.name);
  const logger =
    options.logger === undefined || options.logger === true
      ? { level: 'info', ...fields }
      : options.logger === false
        ? false
        : { ...fields, ...options.logger };
  const app = Fastify({
    logger,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false } },
    return503OnClosing: true,
    // Plugins may take as long as they need: the ORM plugin migrates, which can rewrite a big table
    // or wait for another replica's migration lock, far past avvio's 10 s default.
    pluginTimeout: 0,
    // Behind the gateway (or an ingress on the same host): request.ip is the X-Forwarded-For it set.
    trustProxy: options.trustProxy ?? 'loopback',
  }).withTypeProvider<TypeBoxTypeProvider>();

  traceRequests(app);
  app.addSchema(ErrorBodySchema);
  installErrorHandling(app, options.strictContracts ?? process.env.NODE_ENV === 'test');
  installInputGuard(app);
  app.decorate('registeredRoutes', [] as RegisteredRoute[]);
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD' && !route.schema?.hide) app.registeredRoutes.push({ method: String(route.method), url: route.url, contract: route.config?.contract });
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: `Switchboard ${options.name} service`, version: options.version ?? '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(authPlugin, options.auth);
  if (options.orm) await app.register(ormPlugin, options.orm);
  installMetrics(app, { database: options.orm && { orm: app.orm, schema: options.orm.schema } });

  app.get(
    '/health',
    { config: { public: true }, schema: { hide: true, response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' as const, service: options.name }),
  );
  app.get(
    '/ready',
    { config: { public: true }, schema: { hide: true, response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_request, reply) => {
      const checks: Record<string, ReadyCheck> = { ...options.readyChecks };
      if (options.orm) checks.database = async (a) => void (await a.orm.em.getConnection().execute('select 1'));
      const results: Record<string, string> = {};
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await check(app);
            results[name] = 'ok';
          } catch (error) {
            results[name] = error instanceof Error ? error.message : 'failed';
          }
        }),
      );
      const ok = Object.values(results).every((r) => r === 'ok');
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', service: options.name, checks: results });
    },
  );
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  return app;
}
