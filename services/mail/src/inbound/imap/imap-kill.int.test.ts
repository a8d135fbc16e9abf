import { runImapKill } from './testing/imap-kill-run';

// Issue 13, acceptance: messages appended to a real Dovecot while the mail service polls it,
// the process SIGKILLed mid-stream: every message is stored exactly once and threaded as
// expected. Here 60 messages and one kill; `bench/inbound/imap-kill.ts` runs 500 and two.
const TOTAL = 60;

it(
  `stores ${TOTAL} messages appended while polling exactly once and threads them, though the poller is SIGKILLed`,
  async () => {
    const result = await runImapKill({ total: TOTAL, killsAt: [20] });
    // The kill came mid-stream, with messages still to read.
    expect(result.storedAtKills.filter((n) => n < TOTAL)).toHaveLength(1);
    expect(result).toMatchObject({ recorded: TOTAL, emails: TOTAL, storedTwice: [], misthreaded: [], ticketsOfEmails: TOTAL / 2 });
    // No retry filed a ticket of its own: tickets has exactly one per conversation.
    expect(result.ticketsOfQueue).toBe(TOTAL / 2);
  },
  600_000,
);
