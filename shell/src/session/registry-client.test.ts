import type { PageComposition } from '@switchboard/contracts';
import { RegistryClient } from './registry-client';

const composition: PageComposition = { page: 'email-detail', layoutVersion: 1, layoutSource: 'user', environment: 'production', widgets: [] };

describe('RegistryClient', () => {
  it('calls the registry routes with a registry token', async () => {
    const requests: string[] = [];
    const fetchImpl = (async (url: URL, init: RequestInit) => {
      requests.push(`${init.method} ${url.pathname} ${new Headers(init.headers).get('authorization')} ${init.body ?? ''}`.trim());
      return init.method === 'POST' ? new Response(null, { status: 204 }) : new Response(JSON.stringify(composition), { status: 200 });
    }) as unknown as typeof fetch;
    const client = new RegistryClient({ getToken: async (audience) => `${audience}-token` }, { fetch: fetchImpl });

    expect(await client.page('email-detail')).toEqual(composition);
    expect(await client.saveLayout('email-detail', { version: 0, widgets: [] })).toEqual(composition);
    expect(await client.resetLayout('email-detail')).toEqual(composition);
    await client.reportFailure('order-lookup', '1.2.0-beta.1', { kind: 'timeout', reason: 'slow' });
    expect(requests).toEqual([
      'GET /api/registry/pages/email-detail Bearer registry-token',
      'PUT /api/registry/pages/email-detail/layout Bearer registry-token {"version":0,"widgets":[]}',
      'DELETE /api/registry/pages/email-detail/layout Bearer registry-token',
      'POST /api/registry/widgets/order-lookup/versions/1.2.0-beta.1/failures Bearer registry-token {"kind":"timeout","reason":"slow"}',
    ]);
  });
});
