import type { LoginBody, User, UserSettingsPatch } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';

/**
 * The shell's calls to the identity service. They go with the session cookie (same origin,
 * behind the gateway), never with a bearer token.
 */
export class IdentityClient {
  constructor(
    private readonly baseUrl = '/api/identity',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** The signed-in user, or null when there is no valid session (401). */
  async me(): Promise<User | null> {
    const response = await this.send('GET', '/me');
    if (response.status === 401) return null;
    return this.json<User>(response);
  }

  /** Signs in and returns the user; rejects with ApiError (INVALID_CREDENTIALS on a wrong email or password). */
  async login(body: LoginBody): Promise<User> {
    return this.json<User>(await this.send('POST', '/login', body));
  }

  /** Ends the session (clears the cookie). */
  async logout(): Promise<void> {
    const response = await this.send('POST', '/logout');
    if (!response.ok && response.status !== 401) throw await ApiError.fromResponse(response);
  }

  /** Saves the agent's settings, e.g. the UI language. */
  async updateSettings(patch: UserSettingsPatch): Promise<void> {
    const response = await this.send('PATCH', '/me/settings', patch);
    if (!response.ok) throw await ApiError.fromResponse(response);
  }

  private send(method: string, path: string, body?: unknown): Promise<Response> {
    return this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private async json<T>(response: Response): Promise<T> {
    if (!response.ok) throw await ApiError.fromResponse(response);
    return (await response.json()) as T;
  }
}
