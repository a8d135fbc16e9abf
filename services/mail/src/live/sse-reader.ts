import { get, type IncomingMessage } from 'node:http';
import type { Email } from '@switchboard/contracts';

/** A server-sent event stream read over real HTTP, for tests. */
export interface EventStreamReader {
  /** The status the stream was answered with. */
  status: number;
  /** The whole body of an answer other than 2xx (a refusal); '' for a stream. */
  refusal: string;
  /** The data (parsed JSON) of the next event named `event`, skipping others. */
  next(event: string): Promise<unknown>;
  close(): void;
}

/**
 * Opens GET `url` with `headers` on a connection of its own and parses its server-sent events.
 * Plain node:http, as fetch's pool opens a spare connection when a stream is aborted, which
 * would hold the server's close until its keep-alive timeout.
 */
export async function readEventStream(url: string, headers: Record<string, string>): Promise<EventStreamReader> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    get(url, { headers, agent: false }, resolve).on('error', reject);
  });
  response.setEncoding('utf8');
  const chunks = response[Symbol.asyncIterator]() as AsyncIterator<string>;
  let refusal = '';
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    for (let chunk = await chunks.next(); !chunk.done; chunk = await chunks.next()) refusal += chunk.value;
  }
  let buffer = '';
  const nextEvent = async (): Promise<{ event: string; data: unknown }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block);
        const data = /^data: (.*)$/m.exec(block);
        if (event && data) return { event: event[1], data: JSON.parse(data[1]) };
        continue;
      }
      const chunk = await chunks.next();
      if (chunk.done) throw new Error('The change stream ended');
      buffer += chunk.value;
    }
  };
  return {
    status,
    refusal,
    async next(name) {
      for (;;) {
        const { event, data } = await nextEvent();
        if (event === name) return data;
      }
    },
    close: () => response.destroy(),
  };
}

/** A draft's change stream read over real HTTP, for tests: each `draft` event's copy, in order. */
export interface DraftStreamReader {
  /** The status the stream was answered with. */
  status: number;
  /** The next draft event's copy (skipping `devices` events). */
  next(): Promise<Email>;
  /** Waits for a `devices` event with this count (skipping drafts and other counts). */
  devices(count: number): Promise<void>;
  /** Waits for the copy of at least this version, skipping older ones. */
  until(version: number): Promise<Email>;
  close(): void;
}

/** Opens a draft's GET /emails/:id/changes (T1). */
export async function readDraftStream(url: string, headers: Record<string, string>): Promise<DraftStreamReader> {
  const reader = await readEventStream(url, headers);
  const next = async () => (await reader.next('draft')) as Email;
  return {
    status: reader.status,
    next,
    async devices(count) {
      while (((await reader.next('devices')) as { count: number }).count !== count);
    },
    async until(version) {
      for (;;) {
        const email = await next();
        if (email.version >= version) return email;
      }
    },
    close: reader.close,
  };
}
