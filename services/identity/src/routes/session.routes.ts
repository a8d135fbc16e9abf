import { Type } from '@sinclair/typebox';
import { ErrorBodySchema, LoginBodySchema, UserSchema } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import type { CredentialsChecker } from '../credentials';
import { invalidCredentials } from '../errors';
import { tokenSubject, type KeyStore } from '../key-store';
import { clearSessionCookie, SESSION_TTL_SECONDS, setSessionCookie } from '../session-cookie';
import type { UsersRepository } from '../users.repository';

/** What the login and logout routes need. */
export interface SessionRoutesDeps {
  /** Reads the user shown after login. */
  users: UsersRepository;
  /** Checks email and password. */
  checkCredentials: CredentialsChecker;
  /** Signs the session token. */
  keys: KeyStore;
  /** Mark the session cookie `Secure` (behind HTTPS). */
  secureCookies: boolean;
}

/** `POST /login` (sets the session cookie) and `POST /logout` (clears it). */
export function registerSessionRoutes(app: ServiceApp, deps: SessionRoutesDeps): void {
  app.post(
    '/login',
    {
      config: { public: true },
      schema: {
        summary: 'Log in with email and password; sets the session cookie',
        security: [],
        body: LoginBodySchema,
        response: { 200: UserSchema, 400: ErrorBodySchema, 401: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const { id } = await deps.checkCredentials(request.body.email, request.body.password);
      const user = await deps.users.profile(id);
      if (!user) throw invalidCredentials();
      const session = await deps.keys.sign(tokenSubject(user), { audience: 'identity', ttlSeconds: SESSION_TTL_SECONDS });
      setSessionCookie(reply, session.token, deps.secureCookies);
      reply.header('cache-control', 'no-store');
      return user;
    },
  );

  app.post(
    '/logout',
    {
      config: { public: true },
      schema: { summary: 'Clear the session cookie', security: [], response: { 204: Type.Null() } },
    },
    async (_request, reply) => {
      clearSessionCookie(reply, deps.secureCookies);
      return reply.status(204).send(null);
    },
  );
}
