import { Type, type Static } from '@sinclair/typebox';

/** The body of every 4xx and 5xx answer from every service. */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.String({ description: 'Machine-readable error code, e.g. TICKET_NOT_FOUND' }),
    message: Type.String({ description: 'Human-readable explanation' }),
    details: Type.Optional(Type.Unknown({ description: 'Structured context, e.g. validation errors' })),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;

/** Codes shared by every service; each service adds its own in its errors.ts. */
export const CommonErrorCode = {
  validation: 'VALIDATION_FAILED',
  /** A string held NUL, a noncharacter or a lone surrogate. */
  invalidCharacter: 'INVALID_CHARACTER',
  /** JSON nested deeper than the kit accepts. */
  tooDeep: 'INPUT_TOO_DEEP',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  rateLimited: 'RATE_LIMITED',
  internal: 'INTERNAL_ERROR',
  /** A database, Redis or another service is not answering: worth trying again (503, Retry-After). */
  dependencyUnavailable: 'DEPENDENCY_UNAVAILABLE',
} as const;

/** Response schemas for the usual error statuses, to spread into a route's `response`. */
export const errorResponses = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
} as const;
