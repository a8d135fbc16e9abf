import { SESSION_COOKIE, type User } from '@switchboard/contracts';
import { parseCookie, stringifySetCookie, type SetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedToken } from './key-store';
import { SESSION_TTL_SECONDS } from './token-issuer';

function sessionCookie(value: string, secure: boolean, lifetime: Pick<SetCookie, 'maxAge' | 'expires'>): string {
  return stringifySetCookie({ name: SESSION_COOKIE, value, path: '/', httpOnly: true, sameSite: 'strict', secure, ...lifetime });
}

/** Sets the httpOnly, SameSite=Strict session cookie holding the session token, uncached; answers the user. */
export function startSession(reply: FastifyReply, login: { user: User; session: IssuedToken }, secure: boolean): User {
  reply.header('set-cookie', sessionCookie(login.session.token, secure, { maxAge: SESSION_TTL_SECONDS }));
  reply.header('cache-control', 'no-store');
  return login.user;
}

/** Tells the browser to drop the session cookie. */
export function endSession(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', sessionCookie('', secure, { maxAge: 0, expires: new Date(0) }));
}

/** The session token a request carries, as the kit's auth hook reads it: a bearer token, else the cookie. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookies = request.headers.cookie;
  return cookies ? parseCookie(cookies)[SESSION_COOKIE] : undefined;
}
