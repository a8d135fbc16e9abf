import { trace } from '@opentelemetry/api';
import { createServiceApp } from './app';
import { startTracing, tracingEnabled } from './tracing';
import { createTestKeys } from './testing/keys';

// Tracing with an endpoint is tested end to end in infra/src/tracing.int.test.ts (a real OTLP
// receiver, the gateway and a service process). Here: without one it is off.
it('stays off without an OTLP endpoint: no provider, requests served, spans of the API record nothing', async () => {
  expect(startTracing('tickets', {})).toBeNull();
  expect(tracingEnabled()).toBe(false);
  const keys = await createTestKeys();
  const app = await createServiceApp({ name: 'untraced', logger: false, auth: { audience: 'tickets', getKey: keys.getKey } });
  const res = await app.inject({ url: '/health', headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
  expect(res.statusCode).toBe(200);
  expect(trace.getTracer('probe').startSpan('x').isRecording()).toBe(false);
  await app.close();
});
