import { openOrm, requireEnv } from '@switchboard/service-kit';
import { mailEntities } from '../../entities';
import { mailMigrations } from '../../migrations';
import { parseSecretKey } from '../../transport/secrets';
import { setQueueMailbox } from './queue-mailbox';

// `npm run imap-mailbox -w services/mail -- <queue id or From address> <imap(s)://user:password@host[:port]> [folder]`
// sets the IMAP mailbox a queue polls (`off` instead of the URL stops polling). DATABASE_URL and
// MAIL_SECRET_KEY as the mail service has them; the URL is stored sealed, never printed.
const USAGE = 'usage: imap-mailbox <queue id | From address> <imap(s)://user:password@host[:port] | off> [folder, default INBOX]';

async function main(args: string[]): Promise<number> {
  const [queue, url, folder] = args;
  if (!queue || !url || args.length > 3) {
    console.error(USAGE);
    return 2;
  }
  const orm = await openOrm({ databaseUrl: requireEnv('DATABASE_URL'), schema: 'mail', entities: mailEntities, migrations: mailMigrations, poolSize: 1 });
  try {
    const ref = queue.includes('@') ? { fromAddress: queue } : { id: queue };
    const id = await setQueueMailbox(orm.em.fork(), parseSecretKey(requireEnv('MAIL_SECRET_KEY')), ref, url === 'off' ? null : url, folder);
    if (!id) {
      console.error(`no queue ${queue}`);
      return 1;
    }
    console.warn(url === 'off' ? `queue ${id} no longer polls a mailbox` : `queue ${id} polls ${folder ?? 'INBOX'} of its IMAP mailbox`);
    return 0;
  } finally {
    await orm.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
