// Child process of the mail bench: the baseline, nodemailer's pooled transport (the worker's
// own settings) sending MAIL_BENCH_N messages, 8 at a time, straight to the sink at
// MAIL_BENCH_SINK_URL. In a process of its own, as the real path's route and workers are, so the
// sink in the bench's process starves neither side more. Prints `SENT <msgs/s> <cpu seconds>`.
import { randomUUID } from 'node:crypto';
import { htmlToText } from '@switchboard/service-kit';
import { silentLogger } from '../../services/mail/src/delivery/testing/silent-logger';
import { createTransportRegistry } from '../../services/mail/src/transport/transports';
import { BENCH_HTML, inParallel } from './fixtures';

/** Parallel sends: the worker's default concurrency. */
const CONCURRENCY = 8;

async function main(): Promise<void> {
  const n = Number(process.env.MAIL_BENCH_N);
  const transports = createTransportRegistry({ defaultUrl: process.env.MAIL_BENCH_SINK_URL!, logger: silentLogger });
  const transport = transports.forQueue({ id: 'direct', smtpUrlEncrypted: null });
  const text = htmlToText(BENCH_HTML);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await inParallel(
    Array.from({ length: n }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      await transport.sendMail({
        from: { name: 'Switchboard Support', address: 'support@switchboard.test' },
        to: { name: 'Jana Nováková', address: `customer${i}@example.test` },
        subject: `[#4711] Your refund ${i}`,
        html: BENCH_HTML,
        text,
        messageId: `<${randomUUID()}@switchboard.test>`,
      });
    },
  );
  const rate = n / ((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  transports.close();
  process.stdout.write(`SENT ${rate} ${(cpu.user + cpu.system) / 1e6}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
