import { SESSION_COOKIE } from '@switchboard/contracts';
import { stringifySetCookie, type SetCookie } from 'cookie';
import type { FastifyReply } from 'fastify';

/** Lifetime of a session, in seconds (8 h, one shift). */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

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
