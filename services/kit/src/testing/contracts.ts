import { routeGroupProblems, type RouteGroup } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * What keeps a service and its contract groups apart: routes it registered without a contract
 * (or from a contract of another group), contract routes it does not serve, and unsound
 * contracts (`routeGroupProblems`). Every service's contract test expects this to be empty.
 */
export function routeContractProblems(app: FastifyInstance, ...groups: RouteGroup[]): string[] {
  const contracts = new Set(groups.flatMap((group) => Object.values(group)));
  const problems = groups.flatMap(routeGroupProblems);
  for (const route of app.registeredRoutes) {
    if (!route.contract) problems.push(`${route.method} ${route.url} is registered without a contract`);
    else if (!contracts.has(route.contract)) problems.push(`${route.method} ${route.url} comes from a contract outside the groups`);
  }
  const served = new Set(app.registeredRoutes.map((route) => route.contract));
  for (const contract of contracts) {
    if (!served.has(contract)) problems.push(`${contract.method} ${contract.path} is in the contract but not served`);
  }
  return problems;
}

/**
 * A `fetch` that answers from the app in-process (`app.inject`), so an SDK client can be tested
 * against the real service without a listening port.
 */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      payload: init?.body as string | undefined,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) headers.append(name, String(item));
    }
    const body = response.statusCode === 204 ? null : new Uint8Array(response.rawPayload);
    return new Response(body, { status: response.statusCode, headers });
  };
}
