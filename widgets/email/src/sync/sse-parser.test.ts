import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('yields an event only at its blank line, across chunks cut anywhere', () => {
    const parser = new SseParser();
    expect(parser.feed('event: dra')).toEqual([]);
    expect(parser.feed('ft\ndata: {"a":1}\n')).toEqual([]);
    expect(parser.feed('\n: heartbeat\n\nevent: draft\r\ndata: 2\r\n\r\n')).toEqual([
      { event: 'draft', data: '{"a":1}' },
      { event: 'draft', data: '2' },
    ]);
  });

  it('joins data lines, names unnamed events message, and skips comments', () => {
    expect(new SseParser().feed('data: a\ndata: b\n\n: ping\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
