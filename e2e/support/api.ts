import type { Page } from 'playwright-core';

/** How to call a service: a method and a JSON body (default GET without one). */
export interface ServiceCallInit {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  data?: unknown;
}

/**
 * Calls a service through the gateway as the agent signed in on `page`, with a token of the
 * service's audience from identity, as a widget would; answers the JSON, throws on anything but 2xx.
 */
export async function serviceCall<T>(page: Page, shellUrl: string, audience: string, path: string, init: ServiceCallInit = {}): Promise<T> {
  const tokenAnswer = await page.request.post(`${shellUrl}/api/identity/token`, { data: { audience } });
  if (!tokenAnswer.ok()) throw new Error(`token for ${audience}: ${tokenAnswer.status()} ${await tokenAnswer.text()}`);
  const { token } = (await tokenAnswer.json()) as { token: string };
  const method = init.method ?? 'GET';
  const res = await page.request.fetch(`${shellUrl}/api/${audience}${path}`, { method, data: init.data, headers: { authorization: `Bearer ${token}` } });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}
