import { CommonErrorCode, type ErrorBody } from '@switchboard/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { isDependencyUnavailable } from './dependency-errors';
import { isDeclaredErrorCode } from './routes';

/** An error a route throws on purpose: it becomes a 4xx answer with its code. */
export class AppError extends Error {
  constructor(
    /** HTTP status, 4xx. */
    readonly statusCode: number,
    /** Machine-readable code, e.g. TICKET_NOT_FOUND. */
    readonly code: string,
    message: string,
    /** Structured context returned to the caller. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const forbidden = (message: string, code: string = CommonErrorCode.forbidden) => new AppError(403, code, message);
export const unauthorized = (message = 'A valid bearer token is required') =>
  new AppError(401, CommonErrorCode.unauthorized, message);
export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);

/** Fastify's own client errors, by their FST code, mapped to our codes. */
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: CommonErrorCode.unsupportedMediaType,
  FST_ERR_CTP_BODY_TOO_LARGE: CommonErrorCode.payloadTooLarge,
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_JSON_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
};

/**
 * Turns any thrown error into `{ code, message, details? }`; 5xx messages are hidden. A database
 * or Redis that is not answering is 503 DEPENDENCY_UNAVAILABLE, anything else unexpected 500.
 */
export function errorBody(error: FastifyError | AppError): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return { status: error.statusCode, body: { code: error.code, message: error.message, details: error.details } };
  }
  if (error.validation) {
    return {
      status: 400,
      body: {
        code: CommonErrorCode.validation,
        message: `Invalid ${error.validationContext ?? 'request'}: ${error.message}`,
        details: error.validation.map((v) => ({ path: v.instancePath, message: v.message, params: v.params })),
      },
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, body: { code: fastifyCodes[error.code] ?? error.code ?? 'BAD_REQUEST', message: error.message } };
  }
  if (isDependencyUnavailable(error)) {
    return { status: 503, body: { code: CommonErrorCode.dependencyUnavailable, message: 'A database or service this one needs is not answering; try again shortly' } };
  }
  return { status: 500, body: { code: CommonErrorCode.internal, message: 'Internal error' } };
}

/** Seconds a client waits before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Installs the one error handler and the 404 handler. With `strictContracts` (tests), an
 * `AppError` whose code the route's contract does not declare answers 500, so a test finds it;
 * otherwise it is logged as a warning and answered as thrown.
 */
export function installErrorHandling(app: FastifyInstance, strictContracts: boolean): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const contract = request.routeOptions.config?.contract;
    if (error instanceof AppError && !isDeclaredErrorCode(contract, error.code)) {
      request.log[strictContracts ? 'error' : 'warn']({ code: error.code, route: contract?.path }, 'error code not declared by the route contract');
      if (strictContracts) {
        const body = { code: 'UNDECLARED_ERROR_CODE', message: `${contract?.method} ${contract?.path} does not declare ${error.code}` };
        return reply.status(500).send(body);
      }
    }
    const { status, body } = errorBody(error);
    if (status === 503) request.log.warn({ err: error }, 'request failed: a dependency is not answering');
    else if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status }, 'request refused');
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: CommonErrorCode.notFound, message: `No route ${request.method} ${request.url}` }),
  );
}
