import { randomBytes } from 'node:crypto';
import { invalidCredentials } from './errors';
import type { UserRow } from './entities';
import { hashPassword, verifyPassword } from './passwords';
import type { UsersRepository } from './users.repository';

/** Checks an email and password; resolves with the user or throws INVALID_CREDENTIALS. */
export type CredentialsChecker = (email: string, password: string) => Promise<UserRow>;

/**
 * Creates the login check. An unknown email still costs one scrypt run (against a hash of a
 * random secret), so response times do not tell which accounts exist.
 */
export function createCredentialsChecker(users: UsersRepository): CredentialsChecker {
  const dummyHash = hashPassword(randomBytes(32).toString('base64url'));
  return async (email, password) => {
    const user = await users.findByEmail(email);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !matches) throw invalidCredentials();
    return user;
  };
}
