// IMAP kill run (issue 13): `npx tsx bench/inbound/imap-kill.ts` (env IMAP_KILL_N, default 500).
// Issue 13's acceptance, which `npm test` runs at 500, at any size and timed: messages
// appended to a real Dovecot while the mail service polls it, the service
// SIGKILLed twice mid-stream; prints whether every message was stored once and threaded, and
// how long it took. Saves it to bench/results/imap-kill.txt. Prints, never asserts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { runImapKill } from '../../services/mail/src/inbound/imap/testing/imap-kill-run';

const N = Number(process.env.IMAP_KILL_N ?? 500);
const RESULTS = join(__dirname, '..', 'results', 'imap-kill.txt');

async function main(): Promise<void> {
  const lines = [`IMAP kill run, ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`];
  const killsAt = [Math.round(N / 5), Math.round((N * 3) / 5)];
  const result = await runImapKill({ total: N, killsAt });
  const ok = (found: number | string[], expected: number | string[]) => (JSON.stringify(found) === JSON.stringify(expected) ? 'as expected' : 'NOT as expected');
  lines.push(
    `${N} messages, SIGKILLed as ${killsAt.join(' and ')} were stored (stored then: ${result.storedAtKills.join(', ')})`,
    `recorded once each: ${result.recorded} rows, ${result.emails} emails (${ok(result.recorded, N)}); stored twice: ${result.storedTwice.length} (${ok(result.storedTwice, [])})`,
    `threaded: ${result.misthreaded.length} replies outside their conversation (${ok(result.misthreaded, [])}); tickets ${result.ticketsOfEmails} of the emails, ${result.ticketsOfQueue} in the queue (${ok(result.ticketsOfQueue, N / 2)})`,
    `all filed ${result.seconds.toFixed(1)} s after the first append (${(N / result.seconds).toFixed(0)} msgs/s, two restarts included)`,
  );
  for (const line of lines) process.stdout.write(`${line}\n`);
  mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
  writeFileSync(RESULTS, `${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
