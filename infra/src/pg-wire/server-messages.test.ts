import { fatalErrorMessage, ReadyForQueryTracker } from './server-messages';

const message = (type: string, body: number[] | Buffer) => {
  const bytes = Buffer.alloc(5);
  bytes.write(type, 0, 'latin1');
  bytes.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([bytes, Buffer.from(body)]);
};
const ready = (status: string) => message('Z', [status.charCodeAt(0)]);
const commandComplete = message('C', Buffer.from('SELECT 1\0'));
// A data row whose last bytes look like a ReadyForQuery: only real boundaries count.
const trickyRow = message('D', Buffer.concat([Buffer.from([0, 1, 0, 0, 0, 6]), Buffer.from([0x5a, 0, 0, 0, 5, 0x49])]));

describe('ReadyForQueryTracker', () => {
  it.each(['I', 'T', 'E'])('reports the status %s of a final ReadyForQuery, however the output is chunked', (status) => {
    const output = Buffer.concat([commandComplete, ready(status)]);
    for (let cut = 1; cut < output.length; cut += 1) {
      const tracker = new ReadyForQueryTracker();
      tracker.feed(output.subarray(0, cut));
      tracker.feed(output.subarray(cut));
      expect(tracker.readyStatus()).toBe(status);
    }
  });

  it('reports nothing when the output stops before ReadyForQuery, e.g. after a Flush', () => {
    const tracker = new ReadyForQueryTracker();
    tracker.feed(Buffer.concat([ready('I'), trickyRow]));
    expect(tracker.readyStatus()).toBeUndefined();
    expect(new ReadyForQueryTracker().readyStatus()).toBeUndefined();
    const partial = new ReadyForQueryTracker();
    partial.feed(ready('I').subarray(0, 5));
    expect(partial.readyStatus()).toBeUndefined();
  });
});

describe('fatalErrorMessage', () => {
  it('frames an ErrorResponse with severity, code and message', () => {
    const bytes = fatalErrorMessage('53300', 'too many');
    expect(bytes.toString('latin1', 0, 1)).toBe('E');
    expect(bytes.readInt32BE(1)).toBe(bytes.length - 1);
    expect(bytes.subarray(5).toString()).toBe('SFATAL\0VFATAL\0C53300\0Mtoo many\0\0');
  });
});
