import { IdentityErrorCode } from '@switchboard/contracts';
import { AppError, badRequest, unauthorized } from '@switchboard/service-kit';

/** Wrong email or password; the same answer for both. */
export const invalidCredentials = () =>
  new AppError(401, IdentityErrorCode.invalidCredentials, 'Invalid email or password');

/** Tokens for the session's own audience are never handed out. */
export const audienceNotAllowed = (audience: string) =>
  badRequest(IdentityErrorCode.audienceNotAllowed, `Tokens for audience ${audience} are not issued`);

/** A validly signed session whose subject is not a user id (a service token): 401, not a 500 at a uuid column. */
export const notAUser = () => unauthorized('The token does not belong to a user');

/** The session's user was deleted. */
export const userGone = () => unauthorized('The user no longer exists');

/** A service token asked with an unknown service name or a wrong secret. */
export const wrongServiceSecret = () => unauthorized('Unknown service or wrong secret');


/** The session was ended (logout, sign out everywhere) or has expired, or the token names none. */
export const sessionEnded = () => unauthorized('The session has ended');

/** Too many failed logins; the client may try again after `retryAfterSeconds`. */
export const tooManyLoginAttempts = (retryAfterSeconds: number) =>
  new AppError(429, IdentityErrorCode.tooManyLoginAttempts, `Too many failed logins; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
