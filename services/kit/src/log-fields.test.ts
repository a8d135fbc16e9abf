import { Writable } from 'node:stream';
import { createServiceApp } from './app';
import { createTestKeys } from './testing';

/** The JSON lines a service app logs, with its logger writing here. */
function logLines() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

it('logs the service, request id, route template, status and duration of a request, and no token', async () => {
  const keys = await createTestKeys();
  const { lines, stream } = logLines();
  const app = await createServiceApp({ name: 'kit-logs', logger: { level: 'info', stream }, auth: { audience: 'tickets', getKey: keys.getKey } });
  app.get('/things/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  try {
    const token = await keys.sign({ aud: 'tickets' });
    const res = await app.inject({ url: '/things/42', headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-log-1' } });
    expect(res.statusCode).toBe(200);
    const completed = lines.find((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({ service: 'kit-logs', reqId: 'req-log-1', res: { statusCode: 200, route: '/things/:id' }, responseTime: expect.any(Number) });
    expect(lines.find((line) => line.msg === 'incoming request')).toMatchObject({ service: 'kit-logs', reqId: 'req-log-1', req: { method: 'GET', url: '/things/42' } });
    expect(JSON.stringify(lines)).not.toContain(token);
  } finally {
    await app.close();
  }
});
