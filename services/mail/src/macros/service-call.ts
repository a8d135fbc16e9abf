import http from 'node:http';
import https from 'node:https';
import { routePath, type RouteAnswer, type RouteBody, type RouteContract } from '@switchboard/contracts';
import { serviceUrl } from '@switchboard/service-kit';

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

/** Longest silence on one call, in ms. */
const TIMEOUT_MS = 10_000;

// Connections to tickets, the CRM and templates stay open between calls (a macro makes three in a row).
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** Calls one route of a contract; throws ServiceCallError on anything but a 2xx. */
export async function callService<R extends RouteContract>(
  endpoint: ServiceEndpoint,
  route: R,
  params: Record<string, string> | undefined,
  body?: RouteBody<R>,
): Promise<RouteAnswer<R>> {
  const path = routePath(route, params);
  let response: { status: number; text: string };
  try {
    response = await send(serviceUrl(endpoint.baseUrl, path), route.method, await endpoint.getToken(), body === undefined ? undefined : JSON.stringify(body));
  } catch (error) {
    throw new ServiceCallError(`${route.method} ${path}: ${error instanceof Error ? error.message : 'request failed'}`, false, null, null);
  }
  if (response.status < 200 || response.status > 299) {
    const code = errorCodeOf(response.text);
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw new ServiceCallError(`${route.method} ${path} answered ${response.status}${code ? ` ${code}` : ''}`, permanent, response.status, code);
  }
  return JSON.parse(response.text) as RouteAnswer<R>;
}

/**
 * One HTTP request over a kept-alive connection (node:http: a fraction of `fetch`'s CPU per call);
 * answers the status and the body as text.
 */
function send(url: URL, method: string, token: string, body: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method,
        agent: agents[url.protocol as keyof typeof agents],
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    request.setTimeout(TIMEOUT_MS, () => request.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

function errorCodeOf(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { code?: unknown };
    return typeof parsed.code === 'string' ? parsed.code : null;
  } catch {
    return null;
  }
}
