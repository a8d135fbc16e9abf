import { createServiceApp, type ServiceApp } from './app';

let app: ServiceApp;

beforeAll(async () => {
  app = await createServiceApp({ name: 'metrics-test', logger: false, auth: { audience: 'tickets', getKey: async () => { throw new Error('no keys'); } } });
  app.get('/items/:id', { config: { public: true } }, async (request) => ({ id: (request.params as { id: string }).id }));
  app.get('/private', async () => ({ secret: true }));
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

const scrape = async () => {
  const response = await app.inject({ url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return response.body;
};

/** The histogram's count for one label set. */
const countOf = (text: string, labels: string) =>
  Number(text.split('\n').find((line) => line.startsWith(`http_request_duration_seconds_count{${labels}} `))?.split(' ')[1] ?? 0);

describe('/metrics', () => {
  it('answers without a token, in the Prometheus text format, with Node process metrics', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('times requests by method, route template and status, never by raw path', async () => {
    await app.inject({ url: '/items/1' });
    await app.inject({ url: '/items/2' });
    await app.inject({ url: '/private' });
    await app.inject({ url: '/no/such/path/123' });
    const text = await scrape();
    expect(countOf(text, 'method="GET",route="/items/:id",status_code="200"')).toBe(2);
    expect(countOf(text, 'method="GET",route="/private",status_code="401"')).toBe(1);
    expect(countOf(text, 'method="GET",route="(unmatched)",status_code="404"')).toBe(1);
    expect(text).not.toContain('/items/1');
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/items\/:id",status_code="200"\} \d+$/m);
  });

  it('is no route for a request that came through the gateway or an ingress', async () => {
    for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }]) {
      const response = await app.inject({ url: '/metrics', headers });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ code: 'NOT_FOUND', message: 'No route GET /metrics' });
    }
  });

  it('is not among the routes the service registered (contract tests) and lets a service add its own metrics', async () => {
    expect(app.registeredRoutes.map((r) => r.url)).not.toContain('/metrics');
    const { Counter } = await import('prom-client');
    new Counter({ name: 'widgets_made_total', help: 'Widgets made', registers: [app.metrics] }).inc(3);
    expect(await scrape()).toMatch(/^widgets_made_total 3$/m);
  });
});
