import { identityApi, type LoginBody, type User, type UserSettingsPatch } from '@switchboard/contracts';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';

/** Where the gateway serves the identity service. */
const IDENTITY_URL = '/api/identity';

/**
 * A client of the identity service for the browser's session, which is the httpOnly cookie the
 * browser sends by itself (same origin): the page cannot read it, so calls carry no bearer token.
 */
export function sessionServiceClient(fetchImpl?: typeof fetch, serviceUrl = IDENTITY_URL): ServiceClient {
  return new ServiceClient({ serviceUrl }, { fetch: fetchImpl });
}

/** Whether a call failed because there is no valid session. */
const isUnauthorized = (error: unknown) => error instanceof ApiError && error.status === 401;

/** The shell's calls to the identity service, with the session cookie (same origin, behind the gateway). */
export class IdentityClient {
  private readonly client: ServiceClient;

  constructor(serviceUrl = IDENTITY_URL, fetchImpl?: typeof fetch) {
    this.client = sessionServiceClient(fetchImpl, serviceUrl);
  }

  /** The signed-in user, or null when there is no valid session (401). */
  async me(): Promise<User | null> {
    try {
      return await this.client.call(identityApi.me, {});
    } catch (error) {
      if (isUnauthorized(error)) return null;
      throw error;
    }
  }

  /** Signs in and returns the user; rejects with ApiError (INVALID_CREDENTIALS on a wrong email or password). */
  login(body: LoginBody): Promise<User> {
    return this.client.call(identityApi.login, { body });
  }

  /**
   * Ends the session on the server and clears the cookie; a session that is already gone is fine.
   * The empty JSON body is the CSRF defence: a cross-site form cannot send one.
   */
  async logout(): Promise<void> {
    try {
      await this.client.call(identityApi.logout, { body: {} });
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
    }
  }

  /** Saves the agent's settings, e.g. the UI language. */
  async updateSettings(patch: UserSettingsPatch): Promise<void> {
    await this.client.call(identityApi.updateSettings, { body: patch });
  }
}
