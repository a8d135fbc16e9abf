import { SESSION_COOKIE, type TokenResponse } from '@switchboard/contracts';
import type { Auth } from './args';
import { ApiError, CliError, UsageError } from './errors';
import { jsonHeaders, readJson, send, type Fetch } from './http';

/** Gives the registry token, asking for it at most once per run. */
export type TokenSource = () => Promise<string>;

/** The value of the session cookie among a response's Set-Cookie headers. */
function sessionCookie(response: Response): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Logs in at `${url}/api/identity/login` (the session cookie stays in memory) and exchanges the
 * session at `${url}/api/identity/token` for a token of audience `registry`.
 */
async function loginForRegistryToken(url: string, email: string, password: string, fetchImpl: Fetch): Promise<string> {
  let login: Response;
  try {
    login = await send(fetchImpl, `${url}/api/identity/login`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ email, password }),
    });
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.code, `Login as ${email} failed: ${error.message}`);
    throw error;
  }
  const session = sessionCookie(login);
  if (!session) throw new CliError(`Login as ${email} set no ${SESSION_COOKIE} cookie`);
  const response = await send(fetchImpl, `${url}/api/identity/token`, {
    method: 'POST',
    headers: jsonHeaders({ cookie: `${SESSION_COOKIE}=${session}` }),
    body: JSON.stringify({ audience: 'registry' }),
  });
  const body = await readJson<TokenResponse>(response);
  if (!body?.token) throw new CliError('Identity answered without a token');
  return body.token;
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
