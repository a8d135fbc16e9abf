// Child process of tracing.int.test.ts: a service built by the kit, traced as every service is
// (`startTracing` reads OTEL_EXPORTER_OTLP_ENDPOINT), whose one route calls DOWNSTREAM_URL with
// fetch, as services call each other. Prints `listening <port>` once it serves.
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
  await runService(app, { port: 0 });
  const address = app.server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
}

void main();
