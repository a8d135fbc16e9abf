import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale, User } from '@switchboard/contracts';
import { QueueMemberEntity, TeamMemberEntity, UserEntity, type UserRow } from './entities';

/** Reads and changes users; `em` may be the request-scoped one. */
export interface UsersRepository {
  /** The user with this email (case-insensitive), including the password hash. */
  findByEmail(email: string): Promise<UserRow | null>;
  /** The user as the API shows it, with teams and queues by name; null when there is none. */
  profile(userId: string): Promise<User | null>;
  /** Sets the UI language; false when there is no such user. */
  setLocale(userId: string, locale: Locale): Promise<boolean>;
}

/** Creates the users repository over an EntityManager. */
export function createUsersRepository(em: EntityManager): UsersRepository {
  return {
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
  };
}
