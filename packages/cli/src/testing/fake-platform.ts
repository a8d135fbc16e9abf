import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake platform received, body and all. */
export interface RecordedRequest {
  method: string;
  /** Path with query, e.g. `/api/registry/widgets?environment=prod`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a route answers. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

/** A local HTTP server standing in for the gateway: records every request, answers by `route`. */
export interface FakePlatform {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. */
export async function startFakePlatform(route: (request: RecordedRequest) => FakeAnswer): Promise<FakePlatform> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      const answer = route(recorded);
      res.writeHead(answer.status, { ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }), ...answer.headers });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** One part of a multipart/form-data body as it went over the wire. */
export interface MultipartPart {
  /** The raw Content-Disposition header. */
  disposition: string;
  name?: string;
  filename?: string;
  contentType?: string;
  body: Buffer;
}

/** Splits a multipart/form-data body (RFC 7578) into its parts, bytes untouched. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (!boundary) throw new Error(`Not multipart: ${contentType}`);
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  // Prefix a CRLF so the first delimiter looks like every other one.
  const data = Buffer.concat([Buffer.from('\r\n'), body]);
  const parts: MultipartPart[] = [];
  let at = data.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (data.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return parts;
    const headersEnd = data.indexOf('\r\n\r\n', afterDelimiter);
    const next = data.indexOf(delimiter, headersEnd);
    if (headersEnd < 0 || next < 0) throw new Error('Truncated multipart body');
    const headers = Object.fromEntries(
      data
        .subarray(afterDelimiter + 2, headersEnd)
        .toString('utf8')
        .split('\r\n')
        .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const disposition = headers['content-disposition'] ?? '';
    parts.push({
      disposition,
      name: /\bname="([^"]*)"/.exec(disposition)?.[1],
      filename: /\bfilename="([^"]*)"/.exec(disposition)?.[1],
      contentType: headers['content-type'],
      body: data.subarray(headersEnd + 4, next),
    });
    at = next;
  }
  throw new Error('Multipart body without a closing delimiter');
}
