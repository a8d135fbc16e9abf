import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';

/** A span as OTLP/HTTP JSON carries it, with the name of the service that sent it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

interface OtlpBody {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: Omit<ReceivedSpan, 'service'>[] }[];
  }[];
}

/** OTLP span kinds. */
export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

/** A collector of a test's own: processes export to `endpoint` (OTEL_EXPORTER_OTLP_ENDPOINT). */
export interface OtlpReceiver {
  /** The receiver's Fastify app, for routes of a test's own beside `/v1/traces`. */
  app: FastifyInstance;
  endpoint: string;
  spans: ReceivedSpan[];
  /** Waits until the spans received satisfy `done`; the test's timeout bounds the wait. */
  spansWhen(done: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

/** An attribute's value as OTLP JSON carries it (`{ stringValue }`, `{ intValue }`, ...). */
export const attributeOf = (span: ReceivedSpan, key: string) => span.attributes.find((a) => a.key === key)?.value;

/**
 * Starts an OTLP/HTTP (JSON) trace receiver on loopback. `routes` may add routes (a downstream
 * service of the test's) before it listens.
 */
export async function startOtlpReceiver(routes?: (app: FastifyInstance) => void): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const app = Fastify();
  app.post('/v1/traces', async (request) => {
    for (const { resource, scopeSpans } of (request.body as OtlpBody).resourceSpans) {
      const service = resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
      for (const { spans: batch } of scopeSpans) spans.push(...batch.map((span) => ({ ...span, service })));
    }
    return {};
  });
  routes?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    endpoint,
    spans,
    async spansWhen(done) {
      while (!done(spans)) await sleep(50);
      return spans;
    },
    close: () => app.close(),
  };
}
