import { ErrorBodySchema, UserSchema, UserSettingsPatchSchema } from '@switchboard/contracts';
import { unauthorized, type ServiceApp } from '@switchboard/service-kit';
import { requestUserId } from '../request-user';
import type { UsersRepository } from '../users.repository';

/** `GET /me` and `PATCH /me/settings` for the session's user. */
export function registerMeRoutes(app: ServiceApp, deps: { users: UsersRepository }): void {
  app.get(
    '/me',
    {
      schema: {
        summary: 'The logged-in user with teams and email queues',
        response: { 200: UserSchema, 401: ErrorBodySchema },
      },
    },
    async (request) => {
      const user = await deps.users.profile(requestUserId(request));
      if (!user) throw unauthorized('The user no longer exists');
      return user;
    },
  );

  app.patch(
    '/me/settings',
    {
      schema: {
        summary: "Change the logged-in user's settings (UI language)",
        body: UserSettingsPatchSchema,
        response: { 200: UserSchema, 400: ErrorBodySchema, 401: ErrorBodySchema },
      },
    },
    async (request) => {
      const userId = requestUserId(request);
      const { locale } = request.body;
      if (locale && !(await deps.users.setLocale(userId, locale))) throw unauthorized('The user no longer exists');
      const user = await deps.users.profile(userId);
      if (!user) throw unauthorized('The user no longer exists');
      return user;
    },
  );
}
