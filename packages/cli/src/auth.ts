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

/** Logs in (the session cookie stays in memory) and trades the session for a token of audience `registry`. */
async function loginForRegistryToken(url: string, email: string, password: string, fetchImpl: Fetch): Promise<string> {
  let login: Response;
  try {
    login = await identityClient(url, fetchImpl).send(identityApi.login, { body: { email, password } });
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.code, `Login as ${email} failed: ${error.message}`, error.details);
    throw error;
  }
  const session = sessionCookie(login);
  if (!session) throw new CliError(`Login as ${email} set no ${SESSION_COOKIE} cookie`);
  const { token } = await identityClient(url, fetchImpl, session).call(identityApi.issueToken, { body: { audience: 'registry' } });
  return token;
}

/** The token source for the given credentials; asking it without credentials is a usage error. */
export function registryTokenSource(url: string, auth: Auth | undefined, fetchImpl: Fetch): TokenSource {
  let pending: Promise<string> | undefined;
  return () => {
    if (!auth) throw new UsageError('No credentials: pass --token or set SWITCHBOARD_TOKEN, or SWITCHBOARD_EMAIL and SWITCHBOARD_PASSWORD');
    if (auth.kind === 'token') return Promise.resolve(auth.token);
    pending ??= loginForRegistryToken(url, auth.email, auth.password, fetchImpl);
    return pending;
  };
}
