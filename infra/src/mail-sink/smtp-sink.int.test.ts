import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSmtpSink } from './smtp-sink';

// A worker killed mid-message resets its SMTP connections; the sink must record that, not crash the test process.

function readLine(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
}

it('records a client reset in the middle of a transaction instead of throwing it', async () => {
  const sink = await startSmtpSink({ parse: false });
  try {
    const { port } = new URL(sink.url);
    const socket = connect(Number(port), '127.0.0.1');
    expect(await readLine(socket)).toMatch(/^220 /);
    socket.write('EHLO client.test\r\n');
    expect(await readLine(socket)).toMatch(/^250/);
    socket.write('MAIL FROM:<from@demo.test>\r\n');
    expect(await readLine(socket)).toMatch(/^250 /);
    socket.resetAndDestroy();

    // The reset reaches the sink within a few seconds.
    for (let tries = 0; tries < 500 && sink.connectionErrors.length === 0; tries++) await sleep(10);
    expect(sink.connectionErrors.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['ECONNRESET']);
  } finally {
    await sink.close();
  }
});
