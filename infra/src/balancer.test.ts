import { PassThrough } from 'node:stream';
import { failureCode, mayRetry, ReplicaSet } from './balancer';
import { ReplayableBody } from './replayable-body';

describe('ReplicaSet', () => {
  let time = 0;
  const set = () => new ReplicaSet(['http://a', 'http://b', 'http://c'], 1000, () => time);

  it('asks the replicas in turn', () => {
    const replicas = set();
    expect([1, 2, 3, 4, 5].map(() => replicas.pick())).toEqual(['http://a', 'http://b', 'http://c', 'http://a', 'http://b']);
  });

  it('skips a resting replica until its rest is over', () => {
    time = 0;
    const replicas = set();
    replicas.rest('http://b');
    expect([1, 2, 3, 4].map(() => replicas.pick())).toEqual(['http://a', 'http://c', 'http://a', 'http://c']);
    time = 1000;
    expect([1, 2, 3].map(() => replicas.pick())).toEqual(['http://a', 'http://b', 'http://c']);
  });

  it('asks resting replicas in turn when all rest, and never one already tried', () => {
    time = 0;
    const replicas = set();
    for (const url of replicas.urls) replicas.rest(url);
    expect([1, 2].map(() => replicas.pick())).toEqual(['http://a', 'http://b']);
    expect(replicas.pick(['http://c', 'http://a'])).toBe('http://b');
    expect(replicas.pick(['http://a', 'http://b', 'http://c'])).toBeUndefined();
  });
});

describe('mayRetry', () => {
  it.each([
    ['GET', 'ECONNREFUSED', false, true],
    ['POST', 'ECONNREFUSED', true, true],
    ['GET', 'UND_ERR_SOCKET', false, true],
    ['HEAD', 'ECONNRESET', false, true],
    ['POST', 'ECONNRESET', true, false],
    ['POST', 'UND_ERR_SOCKET', false, false],
    ['PUT', 'ECONNRESET', true, false],
    ['GET', 'UND_ERR_HEADERS_TIMEOUT', false, false],
    ['GET', undefined, false, false],
  ])('%s failing with %s (body: %s) may go to another replica: %s', (method, code, hasBody, expected) => {
    expect(mayRetry(method, code, hasBody)).toBe(expected);
  });

  it("reads undici's code from the cause", () => {
    expect(failureCode(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe('ECONNREFUSED');
    expect(failureCode({ code: 'UND_ERR_SOCKET' })).toBe('UND_ERR_SOCKET');
  });
});

describe('ReplayableBody', () => {
  const read = async (stream: NodeJS.ReadableStream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  };

  it('streams the whole body again after the first stream was destroyed halfway', async () => {
    const raw = new PassThrough();
    const body = new ReplayableBody(raw);
    raw.write('first half, ');
    await new Promise((resolve) => setImmediate(resolve));
    body.stream.destroy();
    const again = body.again()!;
    raw.end('second half');
    expect(await read(again)).toBe('first half, second half');
  });

  it('streams it again once the client sent it all', async () => {
    const raw = new PassThrough();
    const body = new ReplayableBody(raw);
    raw.end('all of it');
    expect(await read(body.stream)).toBe('all of it');
    expect(await read(body.again()!)).toBe('all of it');
  });

  it('keeps no copy past the limit, and then cannot stream it again', async () => {
    const raw = new PassThrough();
    const body = new ReplayableBody(raw, 8);
    raw.end('more than eight bytes');
    await read(body.stream);
    expect(body.again()).toBeNull();
  });
});
