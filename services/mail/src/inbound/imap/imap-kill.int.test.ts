import { runImapKill } from './testing/imap-kill-run';

// Issue 13, acceptance: messages appended to a real Dovecot while the mail service polls it,
// the process SIGKILLed twice mid-stream: every message is stored exactly once and threaded as
// expected. `bench/inbound/imap-kill.ts` runs the same at other sizes (IMAP_KILL_N) and times it.
const TOTAL = 500;
const KILLS_AT = [100, 300];

it(
  `stores ${TOTAL} messages appended while polling exactly once and threads them, though the poller is SIGKILLed twice`,
  async () => {
    const result = await runImapKill({ total: TOTAL, killsAt: KILLS_AT });
    // Both kills came mid-stream, with messages still to read.
    expect(result.storedAtKills.filter((n) => n < TOTAL)).toHaveLength(KILLS_AT.length);
    expect(result).toMatchObject({ recorded: TOTAL, emails: TOTAL, storedTwice: [], misthreaded: [], ticketsOfEmails: TOTAL / 2 });
    // No retry filed a ticket of its own: tickets has exactly one per conversation.
    expect(result.ticketsOfQueue).toBe(TOTAL / 2);
  },
  600_000,
);
