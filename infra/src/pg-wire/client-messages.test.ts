import { ClientMessageReader, endsBatch, queryMessage } from './client-messages';

const untyped = (code: number, body = Buffer.alloc(0)) => {
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(code, 4);
  return Buffer.concat([head, body]);
};
const startup = untyped(196608, Buffer.from('user\0postgres\0\0'));
const sync = Buffer.from([0x53, 0, 0, 0, 4]);

describe('ClientMessageReader', () => {
  it('answers encryption requests, then reads the startup message and typed messages', () => {
    const reader = new ClientMessageReader();
    const messages = reader.push(Buffer.concat([untyped(80877103), startup, queryMessage('select 1'), sync]));
    expect(messages.map((m) => (m.kind === 'typed' ? m.type : m.kind))).toEqual(['encryption-request', 'startup', 'Q', 'S']);
    expect(messages[1]).toEqual({ kind: 'startup', bytes: new Uint8Array(startup) });
  });

  it('waits for the rest of a message split across chunks', () => {
    const reader = new ClientMessageReader();
    reader.push(startup);
    const query = Buffer.from(queryMessage('select 42'));
    expect(reader.push(query.subarray(0, 3))).toEqual([]);
    expect(reader.push(query.subarray(3, 9))).toEqual([]);
    expect(reader.push(Buffer.concat([query.subarray(9), sync.subarray(0, 2)]))).toEqual([
      { kind: 'typed', type: 'Q', bytes: new Uint8Array(query) },
    ]);
    expect(reader.push(sync.subarray(2))).toEqual([{ kind: 'typed', type: 'S', bytes: new Uint8Array(sync) }]);
  });

  it('recognises a cancel request and refuses unknown codes and lengths', () => {
    expect(new ClientMessageReader().push(untyped(80877102, Buffer.alloc(8)))).toEqual([{ kind: 'cancel-request' }]);
    expect(new ClientMessageReader().push(untyped(1234))[0]).toMatchObject({ kind: 'invalid' });
    const reader = new ClientMessageReader();
    reader.push(startup);
    expect(reader.push(Buffer.from([0x51, 0, 0, 0, 1]))[0]).toMatchObject({ kind: 'invalid' });
    expect(reader.push(sync)).toEqual([]);
  });
});

describe('endsBatch', () => {
  it('ends a batch where the client waits for output', () => {
    expect(['S', 'Q', 'H', 'c', 'f'].every(endsBatch)).toBe(true);
    expect(['P', 'B', 'D', 'E', 'C', 'd'].some(endsBatch)).toBe(false);
  });
});
