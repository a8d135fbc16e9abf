import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceApp, type ServiceApp } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import { buildGateway } from './gateway';

/** A service's /metrics is for Prometheus on the service port: the gateway's /api/<service>/metrics is no route. */
let service: ServiceApp;
let gateway: FastifyInstance;
let shellDir: string;

beforeAll(async () => {
  shellDir = await mkdtemp(join(tmpdir(), 'gateway-metrics-'));
  await writeFile(join(shellDir, 'index.html'), '<!doctype html><title>shell</title>');
  service = await createServiceApp({ name: 'tickets', logger: false, auth: { audience: 'tickets', getKey: async () => { throw new Error('no keys'); } } });
  await service.listen({ port: 0, host: '127.0.0.1' });
  const address = service.server.address() as { port: number };
  gateway = await buildGateway({ shellDir, widgetOrigin: 'http://127.0.0.1:1', services: { tickets: `http://127.0.0.1:${address.port}` } });
});

afterAll(async () => {
  await gateway.close();
  await service.close();
  await rm(shellDir, { recursive: true, force: true });
});

it('serves /metrics on the service port and answers 404 NOT_FOUND for it through the gateway', async () => {
  const direct = await fetch(`http://127.0.0.1:${(service.server.address() as { port: number }).port}/metrics`);
  expect(direct.status).toBe(200);
  expect(await direct.text()).toContain('http_request_duration_seconds');
  for (const url of ['/api/tickets/metrics', '/api/tickets/metrics?x=1']) {
    const proxied = await gateway.inject({ url });
    expect(proxied.statusCode).toBe(404);
    expect(proxied.json()).toMatchObject({ code: 'NOT_FOUND' });
  }
  // The gateway still reaches the service's other public routes.
  expect((await gateway.inject({ url: '/api/tickets/health' })).statusCode).toBe(200);
});
