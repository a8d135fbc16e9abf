import { IdentityErrorCode } from '@switchboard/contracts';
import { AppError, badRequest } from '@switchboard/service-kit';

/** Wrong email or password; the same answer for both. */
export const invalidCredentials = () =>
  new AppError(401, IdentityErrorCode.invalidCredentials, 'Invalid email or password');

/** Tokens for the session's own audience are never handed out. */
export const audienceNotAllowed = (audience: string) =>
  badRequest(IdentityErrorCode.audienceNotAllowed, `Tokens for audience ${audience} are not issued`);

