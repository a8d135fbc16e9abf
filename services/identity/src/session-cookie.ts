import { SESSION_COOKIE } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { parseCookie, stringifySetCookie, type Cookies, type SetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Lifetime of a session, in seconds (8 h, one shift). */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

/**
 * Makes `request.cookies` parse the Cookie header on first read. The kit's auth hook reads the
 * session from `request.cookies` in `onRequest`, and `createServiceApp` adds that hook before the
 * caller can register anything, so a cookie plugin's own `onRequest` parser would run too late.
 * A getter needs no hook and therefore no ordering.
 */
export function installCookieParsing(app: ServiceApp): void {
  app.decorateRequest<Cookies>('cookies', {
    getter(this: FastifyRequest): Cookies {
      const header = this.headers.cookie;
      return header ? parseCookie(header) : {};
    },
  });
}

function sessionCookie(value: string, secure: boolean, lifetime: Pick<SetCookie, 'maxAge' | 'expires'>): string {
  return stringifySetCookie({ name: SESSION_COOKIE, value, path: '/', httpOnly: true, sameSite: 'strict', secure, ...lifetime });
}

/** Sets the httpOnly, SameSite=Strict session cookie holding the session token. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.header('set-cookie', sessionCookie(token, secure, { maxAge: SESSION_TTL_SECONDS }));
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', sessionCookie('', secure, { maxAge: 0, expires: new Date(0) }));
}
