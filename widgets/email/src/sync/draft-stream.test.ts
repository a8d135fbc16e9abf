import type { Email } from '@switchboard/contracts';
import { draft } from '../testing/fake-mail';
import { DraftStream } from './draft-stream';

const encoder = new TextEncoder();
const event = (email: Email) => encoder.encode(`event: draft\ndata: ${JSON.stringify(email)}\n\n`);
const devices = (count: number) => encoder.encode(`event: devices\ndata: {"count":${count}}\n\n`);

/** A server that answers each connection from a list: a stream of copies (and device counts) that then ends, or a status. */
function server(answers: Array<Array<Email | number> | number>) {
  const requests: Array<{ url: string; authorization: string | null }> = [];
  const fetchImpl = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push({ url: String(url), authorization: new Headers(init?.headers).get('authorization') });
    const answer = answers.shift() ?? 404;
    if (typeof answer === 'number') return new Response('{}', { status: answer });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const item of answer) controller.enqueue(typeof item === 'number' ? devices(item) : event(item));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

describe('DraftStream', () => {
  it('passes each copy and device count on with a token, says when it is offline, reconnects, and stops at a 403', async () => {
    const first = draft({ version: 3 });
    const { fetch, requests } = server([[first, 1, 2, { ...first, version: 4 }], 503, [{ ...first, version: 5 }, 1], 403]);
    const emails: number[] = [];
    const counts: number[] = [];
    const online: boolean[] = [];
    const refused = await new Promise<number>((resolve) => {
      new DraftStream({
        url: '/api/mail/emails/x/changes',
        getToken: async () => 'token-1',
        fetch,
        retryDelaysMs: [0],
        onEmail: (email) => emails.push(email.version),
        onDevices: (count) => counts.push(count),
        onOnline: (value) => online.push(value),
        onRefused: resolve,
      });
    });
    expect(refused).toBe(403);
    expect(emails).toEqual([3, 4, 5]);
    expect(counts).toEqual([1, 2, 1]);
    expect(online).toEqual([true, false, false, true, false]);
    expect(requests[0]).toEqual({ url: '/api/mail/emails/x/changes', authorization: 'Bearer token-1' });
  });
});
