import { Type, type Static } from '@sinclair/typebox';
import { TimestampSchema } from './common';
import { defineRoute } from './route';

/**
 * The sites the Page-in-page widget (P1) may show: https origins an admin allowed, kept by the
 * registry. The gateway adds them to the shell's `frame-src` on every page load.
 */

/** An https origin, exactly as `new URL(x).origin` spells it: `https://orders.example` (a port only when not 443). */
export const FrameOriginStringSchema = Type.String({ minLength: 9, maxLength: 253 });

export const FrameOriginSchema = Type.Object({
  origin: FrameOriginStringSchema,
  addedAt: TimestampSchema,
});
export type FrameOrigin = Static<typeof FrameOriginSchema>;

export const FrameOriginListSchema = Type.Object({ items: Type.Array(FrameOriginSchema) });
export type FrameOriginList = Static<typeof FrameOriginListSchema>;

export const FrameOriginBodySchema = Type.Object({ origin: FrameOriginStringSchema }, { additionalProperties: false });
export type FrameOriginBody = Static<typeof FrameOriginBodySchema>;

export const FrameOriginQuerySchema = Type.Object({ origin: FrameOriginStringSchema });
export type FrameOriginQuery = Static<typeof FrameOriginQuerySchema>;

export const FrameOriginErrorCode = {
  /** Not an https origin: another scheme, a path, a query, credentials, or not spelled as its origin. */
  invalidFrameOrigin: 'INVALID_FRAME_ORIGIN',
  /** At most this many origins are allowed (the CSP header stays small). */
  tooManyFrameOrigins: 'TOO_MANY_FRAME_ORIGINS',
  frameOriginNotFound: 'FRAME_ORIGIN_NOT_FOUND',
} as const;

/** Most origins on the allowlist. */
export const MAX_FRAME_ORIGINS = 50;

/** Why `origin` cannot be on the allowlist, or null when it can: an https origin spelled as `new URL(origin).origin`. */
export function frameOriginProblem(origin: string): string | null {
  if (!URL.canParse(origin)) return 'not a URL';
  const url = new URL(origin);
  if (url.protocol !== 'https:') return 'only https origins may be framed';
  if (url.origin !== origin) return `write it as its origin: ${url.origin}`;
  // The URL parser lets `*` through in a host; a policy would read it as a wildcard.
  if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin)) return 'a host of letters, digits, dots and hyphens';
  return null;
}

const tags = ['frame-origins'];

/** The registry's routes of the Page-in-page allowlist (decision 0007). */
export const frameOriginsApi = {
  /** Public: the gateway reads it for every page's CSP, which shows it to any visitor anyway. */
  listFrameOrigins: defineRoute({
    method: 'GET', path: '/frame-origins', summary: 'The sites the Page-in-page widget may show', tags,
    response: FrameOriginListSchema, errors: [], public: true,
  }),
  addFrameOrigin: defineRoute({
    method: 'POST', path: '/frame-origins', summary: 'Allow a site for Page-in-page (admin)', tags,
    body: FrameOriginBodySchema, status: 201, response: FrameOriginListSchema,
    errors: [FrameOriginErrorCode.invalidFrameOrigin, FrameOriginErrorCode.tooManyFrameOrigins],
  }),
  removeFrameOrigin: defineRoute({
    method: 'DELETE', path: '/frame-origins', summary: 'Stop allowing a site for Page-in-page (admin)', tags,
    query: FrameOriginQuerySchema, response: FrameOriginListSchema, errors: [FrameOriginErrorCode.frameOriginNotFound],
  }),
} as const;
