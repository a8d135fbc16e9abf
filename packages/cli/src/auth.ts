import { identityApi, SESSION_COOKIE } from '@switchboard/contracts';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk/client';
import type { Auth } from './args';
import { CliError, UsageError } from './errors';
import { reachable, type Fetch } from './http';

/** Gives the registry token, asking for it at most once per run. */
export type TokenSource = () => Promise<string>;

/**
 * The identity service behind the gateway. It takes the session as its cookie, kept here in
 * memory, so calls carry no bearer token.
 */
function identityClient(url: string, fetchImpl: Fetch, session?: string): ServiceClient {
  const withSession: Fetch = (input, init) => {
    if (!session) return fetchImpl(input, init);
    const headers = new Headers(init?.headers);
    headers.set('cookie', `${SESSION_COOKIE}=${session}`);
    return fetchImpl(input, { ...init, headers });
  };
  return new ServiceClient({ serviceUrl: `${url}/api/identity` }, { fetch: reachable(withSession) });
}

/** The value of the session cookie among a response's Set-Cookie headers. */
function sessionCookie(response: Response): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** Logs in; the session cookie stays in memory. */
async function logIn(url: string, email: string, password: string, fetchImpl: Fetch): Promise<string> {
  let login: Response;
  try {
    login = await identityClient(url, fetchImpl).send(identityApi.login, { body: { email, password } });
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.code, `Login as ${email} failed: ${error.message}`, error.details);
    throw error;
  }
  const session = sessionCookie(login);
  if (!session) throw new CliError(`Login as ${email} set no ${SESSION_COOKIE} cookie`);
  return session;
}

/** What the CLI asks the platform as its user: a registry token, and identity's routes with the login session. */
export interface PlatformAuth {
  /** The registry token, asked for at most once per run. */
  registryToken: TokenSource;
  /** Identity with the login session; a usage error when the CLI was given a token instead of a login. */
  identity(why: string): Promise<ServiceClient>;
}

const NO_CREDENTIALS = 'No credentials: pass --token or set SWITCHBOARD_TOKEN, or SWITCHBOARD_EMAIL and SWITCHBOARD_PASSWORD';

/** The platform access the given credentials allow; each login happens at most once per run. */
export function platformAuth(url: string, auth: Auth | undefined, fetchImpl: Fetch): PlatformAuth {
  let session: Promise<string> | undefined;
  let token: Promise<string> | undefined;
  const loggedIn = (login: Extract<Auth, { kind: 'login' }>) => (session ??= logIn(url, login.email, login.password, fetchImpl));
  return {
    registryToken() {
      if (!auth) throw new UsageError(NO_CREDENTIALS);
      if (auth.kind === 'token') return Promise.resolve(auth.token);
      token ??= loggedIn(auth).then(async (id) => {
        const issued = await identityClient(url, fetchImpl, id).call(identityApi.issueToken, { body: { audience: 'registry' } });
        return issued.token;
      });
      return token;
    },
    async identity(why) {
      if (auth?.kind !== 'login') throw new UsageError(`${why} needs a login: set SWITCHBOARD_EMAIL and SWITCHBOARD_PASSWORD (a registry token cannot ask identity)`);
      return identityClient(url, fetchImpl, await loggedIn(auth));
    },
  };
}
