// The inbound benches' SMTP client in a process of its own (bench/inbound/run.ts and floor.ts fork it): its CPU does
// not compete with the servers it measures, the raw baseline's and the listener's alike.
// Messages: `{ raws }` keeps the next round's messages; `{ port }` sends them all to that port
// with nodemailer's pooled transport (CONNECTIONS connections) and answers `{ rate, cpuSeconds }`
// (messages per second from the first send to the last 250, CPU-seconds this process spent),
// or `{ error }`. The benches start it with `startSender()`.
import { fork } from 'node:child_process';
import nodemailer from 'nodemailer';
import { inParallel } from '../mail-throughput/fixtures';

export const CONNECTIONS = 8;
export const QUEUE_ADDRESS = 'support@inbound-bench.test';

export type SenderRequest = { raws: string[] } | { port: number };
export type SenderAnswer = { rate: number; cpuSeconds: number } | { error: string };

async function send(port: number, raws: string[]): Promise<SenderAnswer> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity });
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    await inParallel(raws, CONNECTIONS, async (raw) => {
      const info = await transport.sendMail({ envelope: { from: 'jana@customer.test', to: [QUEUE_ADDRESS] }, raw });
      if (!info.response.startsWith('250')) throw new Error(`answered ${info.response}`);
    });
  } finally {
    transport.close();
  }
  const spent = process.cpuUsage(cpu);
  return { rate: raws.length / ((performance.now() - started) / 1000), cpuSeconds: (spent.user + spent.system) / 1e6 };
}

/** The sender process (this file), forked with the calling process's loader flags (tsx). */
export function startSender() {
  const child = fork(__filename);
  const ask = (request: SenderRequest) =>
    new Promise<{ rate: number; cpuSeconds: number }>((resolve, reject) => {
      child.once('message', (answer: SenderAnswer) => ('error' in answer ? reject(new Error(answer.error)) : resolve(answer)));
      child.send(request);
    });
  return {
    /** Hands the next messages over (not timed). */
    load: async (raws: string[]) => void (await ask({ raws })),
    /** Sends them to `port`: messages per second and the sender's CPU-seconds. */
    send: (port: number) => ask({ port }),
    stop: () => child.kill(),
  };
}

if (require.main === module) {
  let raws: string[] = [];
  process.on('message', (request: SenderRequest) => {
    if ('raws' in request) {
      raws = request.raws;
      process.send!({ rate: 0, cpuSeconds: 0 });
      return;
    }
    send(request.port, raws).then(
      (answer) => process.send!(answer),
      (error: unknown) => process.send!({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
