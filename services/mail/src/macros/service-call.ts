import { routePath, type RouteAnswer, type RouteBody, type RouteContract } from '@switchboard/contracts';

/** Another service, called as the service `mail`. */
export interface ServiceEndpoint {
  /** Base URL, e.g. `http://127.0.0.1:4002`. */
  baseUrl: string;
  /** A service token for this service's audience. */
  getToken: () => Promise<string>;
}

/**
 * Why a call did not succeed. `permanent` when the service refused the request (a 4xx other than
 * 408 and 429): the same request would be refused again. Otherwise it may succeed later.
 */
export class ServiceCallError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The HTTP status, or null when there was no answer. */
    readonly status: number | null,
    /** The error code the service answered with, if any. */
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** Longest wait for one call, in ms. */
const TIMEOUT_MS = 10_000;

/** Calls one route of a contract; throws ServiceCallError on anything but a 2xx. */
export async function callService<R extends RouteContract>(
  endpoint: ServiceEndpoint,
  route: R,
  params: Record<string, string> | undefined,
  body?: RouteBody<R>,
): Promise<RouteAnswer<R>> {
  const path = routePath(route, params);
  let response: Response;
  try {
    response = await fetch(new URL(path, endpoint.baseUrl), {
      method: route.method,
      headers: {
        authorization: `Bearer ${await endpoint.getToken()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new ServiceCallError(`${route.method} ${path}: ${error instanceof Error ? error.message : 'request failed'}`, false, null, null);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    const code = errorCodeOf(text);
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw new ServiceCallError(`${route.method} ${path} answered ${response.status}${code ? ` ${code}` : ''}`, permanent, response.status, code);
  }
  return (await response.json()) as RouteAnswer<R>;
}

function errorCodeOf(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { code?: unknown };
    return typeof parsed.code === 'string' ? parsed.code : null;
  } catch {
    return null;
  }
}
