import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sseEvent, SSE_HEARTBEAT } from './sse';

/** One open server-sent event stream of a request. */
export interface EventStream {
  /** Writes one event with `data` as JSON. */
  write(event: string, data: unknown): void;
  /** Runs `cleanup` when the stream ends (at once if it has ended already). */
  onEnd(cleanup: () => void): void;
  /** Ends the stream. */
  end(): void;
  /** Answers the request with the stream. */
  send(): FastifyReply;
}

/** Opens the server-sent event streams of one plugin's routes. */
export type OpenEventStream = (reply: FastifyReply) => EventStream;

/**
 * Streams that end when the client goes, send a heartbeat comment every `heartbeatMs` (so idle
 * proxies keep them), and are ended when the app closes (else closing would wait for them).
 */
export function eventStreams(app: FastifyInstance, heartbeatMs = 20_000): OpenEventStream {
  const open = new Set<EventStream>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });
  return (reply) => {
    const body = new PassThrough();
    const cleanups: (() => void)[] = [];
    let ended = false;
    const heartbeat = setInterval(() => body.write(SSE_HEARTBEAT), heartbeatMs);
    const stream: EventStream = {
      write: (event, data) => void (ended || body.write(sseEvent(event, data))),
      onEnd(cleanup) {
        if (ended) cleanup();
        else cleanups.push(cleanup);
      },
      end() {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        open.delete(stream);
        for (const cleanup of cleanups.splice(0)) cleanup();
        body.end();
      },
      send: () =>
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          .header('x-accel-buffering', 'no')
          .send(body),
    };
    open.add(stream);
    reply.raw.once('close', stream.end);
    return stream;
  };
}
