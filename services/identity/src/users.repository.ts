import type { Locale, TeamList, User, UserSettingsPatch } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { QueueMemberEntity, TeamEntity, TeamMemberEntity, UserEntity, type UserRow } from './entities';
import { notAUser, userGone } from './errors';

/** Reads and changes users; lists the teams. */
export interface UsersRepository {
  /** The user with this email (case-insensitive), including the password hash. */
  findByEmail(email: string): Promise<UserRow | null>;
  /** The user as the API shows it, with teams and queues by name; null when there is none. */
  profile(userId: string): Promise<User | null>;
  /** Sets the UI language; false when there is no such user. */
  setLocale(userId: string, locale: Locale): Promise<boolean>;
  /** The session's user; 401 for a token that is not a user's, or a user that is gone. */
  me(caller: Caller): Promise<User>;
  /** Applies the settings to the session's user and answers the user; 401 as `me`. */
  updateSettings(caller: Caller, patch: UserSettingsPatch): Promise<User>;
  /** Every team, by name. */
  teams(): Promise<TeamList>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Users with their teams and queues; the teams. */
    usersRepository: UsersRepository;
  }
}

/** The user id of a session; the kit's `requireUser` answers 403, a session that is not a user's is 401. */
function sessionUserId(caller: Caller): string {
  if (!caller.userId) throw notAUser();
  return caller.userId;
}

/** Creates the users repository over `app.orm.em` (the request's fork). */
export function createUsersRepository(app: FastifyInstance): UsersRepository {
  const { em } = app.orm;
  const repository: UsersRepository = {
    findByEmail: (email) => em.findOne(UserEntity, { email: email.toLowerCase() }),

    async profile(userId) {
      const user = await em.findOne(UserEntity, { id: userId });
      if (!user) return null;
      const teams = await em.find(TeamMemberEntity, { user: userId }, { populate: ['team'], orderBy: { team: { name: 'asc' } } });
      const queues = await em.find(QueueMemberEntity, { user: userId }, { populate: ['queue'], orderBy: { queue: { name: 'asc' } } });
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        locale: user.locale,
        teams: teams.map(({ team }) => ({ id: team.id, name: team.name })),
        queues: queues.map(({ queue }) => ({ id: queue.id, name: queue.name, fromAddress: queue.fromAddress })),
      };
    },

    async setLocale(userId, locale) {
      return (await em.nativeUpdate(UserEntity, { id: userId }, { locale })) > 0;
    },

    async me(caller) {
      const user = await repository.profile(sessionUserId(caller));
      if (!user) throw userGone();
      return user;
    },

    async updateSettings(caller, { locale }) {
      const userId = sessionUserId(caller);
      if (locale && !(await repository.setLocale(userId, locale))) throw userGone();
      return repository.me(caller);
    },

    async teams() {
      const rows = await em.find(TeamEntity, {}, { orderBy: { name: 'asc' } });
      return { items: rows.map(({ id, name }) => ({ id, name })) };
    },
  };
  return repository;
}

/** Decorates `app.usersRepository`. */
export const usersRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('usersRepository', createUsersRepository(app));
  },
  { name: 'users-repository', dependencies: ['switchboard-orm'] },
);
