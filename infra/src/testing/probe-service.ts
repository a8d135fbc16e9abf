// Child process of the gateway's tracing and replica tests: a service built by the kit, traced as
// every service is (`startTracing` reads OTEL_EXPORTER_OTLP_ENDPOINT). `GET /hop` calls
// DOWNSTREAM_URL with fetch, as services call each other; `GET /whoami` and `POST /echo` tell which
// process answered. Prints `listening <port>` once it serves.
import { createServiceApp, runService, startTracing } from '@switchboard/service-kit';
import { createLocalJWKSet } from 'jose';

startTracing('probe');

async function main(): Promise<void> {
  const app = await createServiceApp({
    name: 'probe',
    logger: false,
    auth: { audience: 'tickets', getKey: createLocalJWKSet({ keys: [] }) },
  });
  app.get('/hop', { config: { public: true } }, async () => {
    const response = await fetch(process.env.DOWNSTREAM_URL!);
    return { downstream: response.status };
  });
  app.get('/whoami', { config: { public: true } }, async () => ({ pid: process.pid }));
  app.post('/echo', { config: { public: true } }, async (request) => ({ pid: process.pid, body: request.body }));
  await runService(app, { port: 0 });
  const address = app.server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
}

void main();
