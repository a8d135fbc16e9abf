import { formatLogLine } from './log-lines';

describe('formatLogLine', () => {
  it('keeps the fields of a line beside its message', () => {
    const line = JSON.stringify({ level: 40, time: 1, pid: 7, hostname: 'h', name: 'mail-worker', msg: 'dependency failing; will retry', dependency: 'redis', attempt: 3, reason: 'connect ECONNREFUSED 127.0.0.1:6379' });
    expect(formatLogLine(line)).toBe('warn  dependency failing; will retry dependency=redis attempt=3 reason="connect ECONNREFUSED 127.0.0.1:6379"');
  });

  it('shows a request line with its route, status, duration and request id', () => {
    const line = JSON.stringify({ level: 30, service: 'tickets', reqId: 'r-1', req: { method: 'GET', url: '/tickets?q=refund' }, msg: 'incoming request' });
    expect(formatLogLine(line)).toBe('info  incoming request GET /tickets?q=refund reqId=r-1');
    const done = JSON.stringify({ level: 30, service: 'tickets', reqId: 'r-1', res: { statusCode: 200, route: '/tickets' }, responseTime: 4.2, msg: 'request completed' });
    expect(formatLogLine(done)).toBe('info  request completed 200 4ms route=/tickets reqId=r-1');
  });

  it('passes anything that is not pino JSON through', () => {
    expect(formatLogLine('plain text')).toBe('plain text');
    expect(formatLogLine('{not json')).toBe('{not json');
  });
});
