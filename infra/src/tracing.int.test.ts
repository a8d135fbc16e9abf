import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTracing, type Tracing } from '@switchboard/service-kit';
import { attributeOf, SPAN_KIND, startOtlpReceiver, type OtlpReceiver } from '@switchboard/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { buildGateway } from './gateway';
import { startProbe, type Probe } from './testing/probe';

// One request through the gateway to a service built by the kit (its own process), which calls
// another service with fetch: the OTLP receiver started here gets the spans of both, one trace.

const SERVER = SPAN_KIND.server;
const CLIENT = SPAN_KIND.client;
const SECRET = 'secret-token-9f4c';

const downstreamSaw: string[] = [];
let receiver: OtlpReceiver;
let gateway: FastifyInstance;
let tracing: Tracing | null;
let probe: Probe;
let shellDir: string;

const urlOf = (app: FastifyInstance) => {
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};

beforeAll(async () => {
  // The receiver also plays the service the probe calls: it tells which trace context arrived.
  receiver = await startOtlpReceiver((app) =>
    app.get('/downstream', async (request) => {
      downstreamSaw.push(String(request.headers.traceparent ?? ''));
      return {};
    }),
  );
  const endpoint = receiver.endpoint;

  probe = await startProbe({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', DOWNSTREAM_URL: `${endpoint}/downstream` });

  tracing = startTracing('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
  shellDir = await mkdtemp(join(tmpdir(), 'sb-shell-'));
  await writeFile(join(shellDir, 'index.html'), '<!doctype html><title>shell</title>');
  gateway = await buildGateway({ shellDir, widgetOrigin: 'http://127.0.0.1:65000', services: { probe: probe.url } });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await probe?.stop();
  await gateway?.close();
  await receiver?.close();
  if (shellDir) await rm(shellDir, { recursive: true, force: true });
});

it('exports the spans of the gateway and the service for one request in one trace, context passed on', async () => {
  expect(tracing).not.toBeNull();
  const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const res = await fetch(`${urlOf(gateway)}/api/probe/hop?search=${SECRET}`, {
    headers: { authorization: `Bearer ${SECRET}`, cookie: `session=${SECRET}`, traceparent: `00-${clientTrace}-00f067aa0ba902b7-01` },
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ downstream: 200 });
  // The gateway's spans go out when its tracing shuts down; the probe's within 100 ms.
  await tracing!.shutdown();
  const spans = await receiver.spansWhen((all) => all.filter((s) => s.service === 'probe').length >= 2);

  const one = (service: string, kind: number) => {
    const found = spans.filter((s) => s.service === service && s.kind === kind);
    expect({ service, kind, count: found.length }).toEqual({ service, kind, count: 1 });
    return found[0]!;
  };
  const gatewayServer = one('gateway', SERVER);
  const gatewayClient = one('gateway', CLIENT);
  const probeServer = one('probe', SERVER);
  const probeClient = one('probe', CLIENT);
  // The browser's trace continues through the gateway, the service and its call onwards.
  for (const span of [gatewayServer, gatewayClient, probeServer, probeClient]) expect(span.traceId).toBe(clientTrace);
  expect(gatewayServer.parentSpanId).toBe('00f067aa0ba902b7');
  expect(gatewayClient.parentSpanId).toBe(gatewayServer.spanId);
  expect(probeServer.parentSpanId).toBe(gatewayClient.spanId);
  expect(probeClient.parentSpanId).toBe(probeServer.spanId);
  expect(probeServer.name).toBe('GET /hop');
  expect(downstreamSaw).toEqual([`00-${clientTrace}-${probeClient.spanId}-01`]);

  // Neither the token, the cookie nor the query travels in a span.
  expect(JSON.stringify(spans)).not.toContain(SECRET);
  expect(attributeOf(probeServer, 'http.route')).toEqual({ stringValue: '/hop' });
  expect(attributeOf(probeServer, 'http.response.status_code')).toEqual({ intValue: 200 });
});
