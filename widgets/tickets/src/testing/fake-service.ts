/** A request the fake service received. */
export interface RecordedRequest {
  method: string;
  url: URL;
  /** Parsed JSON body, if any. */
  body: unknown;
  authorization: string | null;
}

/** What the fake service answers: a status and a JSON body (none for 204). */
export interface FakeResponse {
  status: number;
  body?: unknown;
}

/** A fetch function standing in for a service in element unit tests, recording every request. */
export interface FakeService {
  fetch: typeof fetch;
  requests: RecordedRequest[];
}

/** Creates a fake service answering each request with `handler`. */
export function createFakeService(handler: (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>): FakeService {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: new Headers(init?.headers).get('authorization'),
    };
    requests.push(request);
    const { status, body } = await handler(request);
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}
