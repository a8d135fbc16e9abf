import { subscribe } from 'node:diagnostics_channel';
import { context, INVALID_SPAN_CONTEXT, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The process's tracing, once `startTracing` turned it on. */
export interface Tracing {
  /** Sends the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let active: Tracing | null = null;

/** Whether this process exports traces (`startTracing` found an OTLP endpoint). */
export const tracingEnabled = (): boolean => active !== null;

/**
 * Turns OpenTelemetry tracing on for this process when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: spans go over OTLP/HTTP (JSON) in batches, the
 * W3C `traceparent` header carries the context, and every `fetch` the process makes becomes a
 * client span whose context it sends on. Without an endpoint it does nothing and costs nothing:
 * the API stays a no-op and no hook is installed. `OTEL_SERVICE_NAME` overrides `serviceName`.
 * Call it once, before the app is built.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (active) return active;
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (env.OTEL_EXPORTER_OTLP_ENDPOINT && `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`);
  if (!url) return null;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  traceOutgoingFetch();
  active = { shutdown: () => provider.shutdown() };
  return active;
}

const tracer = () => trace.getTracer('@switchboard/service-kit');

/** An undici request as its diagnostics channels publish it (Node's own `fetch`). */
interface UndiciRequest {
  method: string;
  origin: string;
  path: string;
  /** `[name, value, ...]`, or raw header lines in some undici versions. */
  headers: string[] | string;
  addHeader(name: string, value: string): void;
}

/** The caller set a trace context of its own (a test, a proxy passing one on): it stands. */
const carriesTraceContext = (headers: string[] | string) =>
  Array.isArray(headers) ? headers.some((value, at) => at % 2 === 0 && value.toLowerCase() === 'traceparent') : /(^|\n)traceparent:/i.test(headers);

/**
 * Outgoing calls (`fetch`, which every service-to-service client uses): a client span per request,
 * a child of whatever span is active where `fetch` was called, its context sent as `traceparent`.
 * Only the method, origin and path (no query, no headers) go into the span.
 */
function traceOutgoingFetch(): void {
  const spans = new WeakMap<object, Span>();
  const end = (request: object, status?: number, error?: Error) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    if (status !== undefined) span.setAttribute('http.response.status_code', status);
    if (error || (status ?? 0) >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message });
    span.end();
  };
  subscribe('undici:request:create', (message) => {
    const { request } = message as { request: UndiciRequest };
    if (carriesTraceContext(request.headers)) return;
    const url = new URL(request.path, request.origin);
    const span = tracer().startSpan(request.method, {
      kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': request.method, 'server.address': url.hostname, 'server.port': Number(url.port), 'url.path': url.pathname },
    });
    spans.set(request, span);
    propagation.inject(trace.setSpan(context.active(), span), request, { set: (carrier, name, value) => carrier.addHeader(name, value) });
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: object; response: { statusCode: number } };
    end(request, response.statusCode);
  });
  subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: object; error: Error };
    end(request, undefined, error);
  });
}

const spanOf = new WeakMap<FastifyRequest, Span>();

/**
 * A server span for every request `app` receives, continuing the caller's trace from its
 * `traceparent`; the route's handler runs inside it, so the calls it makes join the trace. The
 * span names the method and route template and carries the status, never headers, the query or
 * the body. Installs nothing unless `startTracing` turned tracing on.
 */
export function traceRequests(app: FastifyInstance): void {
  if (!tracingEnabled()) return;
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer().startSpan(
      request.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0] } },
      parent,
    );
    spanOf.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });
  // The body arrives on the socket's own events, outside that context: enter it again for the handler.
  app.addHook('preHandler', (request, _reply, done) => {
    const span = spanOf.get(request);
    if (span) context.with(trace.setSpan(context.active(), span), done);
    else done();
  });
  const finish = (request: FastifyRequest, status: number) => {
    const span = spanOf.get(request);
    if (!span) return;
    spanOf.delete(request);
    const route = request.routeOptions.url;
    if (route) span.updateName(`${request.method} ${route}`).setAttribute('http.route', route);
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  app.addHook('onResponse', async (request, reply) => finish(request, reply.statusCode));
  app.addHook('onRequestAbort', async (request) => finish(request, 499));
  // The last spans go out before the process exits.
  app.addHook('onClose', async () => active?.shutdown());
}

/**
 * The W3C `traceparent` of the span active here, to store with work that continues elsewhere (an
 * outbox row, then a job's data): null when tracing is off or no span is active.
 */
export function currentTraceparent(): string | null {
  if (!tracingEnabled()) return null;
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/**
 * Runs `work` in a span of its own (a queue job's processing, or a call it makes: `kind`),
 * continuing the trace of `traceparent` when one is given, else the active span's. The span
 * takes `attributes` (never message contents or addresses) and is marked failed when `work` throws. With
 * tracing off it only runs `work`.
 */
export async function inSpan<T>(
  name: string,
  options: { kind: 'consumer' | 'client' | 'internal'; traceparent?: string | null; attributes?: Record<string, string | number> },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return work(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  const parent = options.traceparent ? propagation.extract(context.active(), { traceparent: options.traceparent }) : context.active();
  const kind = { consumer: SpanKind.CONSUMER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL }[options.kind];
  const span = tracer().startSpan(name, { kind, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    // The error's name only: messages (an SMTP refusal, say) may name people.
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
    throw error;
  } finally {
    span.end();
  }
}
