import { widgetAudience, type HostApi } from '@switchboard/contracts';

/** A `fetch` to the widget's own backend that carries a token identity signed for it. */
export type BackendFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` for the widget's own backend (an origin of its manifest's `connect` an admin
 * approved): each request carries `Authorization: Bearer <token>` for the audience
 * `widget:<name>`, a 5-minute token naming the agent, their teams and the context's ticket and
 * contact, which the backend verifies against the platform's JWKS. No cookies go along.
 */
export function backendFetch(host: Pick<HostApi, 'getToken'>, widget: string, fetchImpl: typeof fetch = fetch): BackendFetch {
  const audience = widgetAudience(widget);
  return async (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await host.getToken(audience)}`);
    return fetchImpl(url, { ...init, headers, credentials: 'omit' });
  };
}
