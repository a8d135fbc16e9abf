import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { createMailTestContext, type MailTestContext } from '../../testing/mail-test-context';
import { openSecret } from '../../transport/secrets';
import { setQueueMailbox } from './queue-mailbox';

// Issue 13: a queue's IMAP mailbox is set sealed, by function and by the imap-mailbox command.
let ctx: MailTestContext;
const secretKey = randomBytes(32);
const queueId = randomUUID();
const support = 'mailbox-support@inbound.test';

beforeAll(async () => {
  ctx = await createMailTestContext();
  await ctx.addQueue({ id: queueId, name: 'Mailbox', fromAddress: support });
});

afterAll(async () => {
  await ctx?.close();
});

const row = async () =>
  (await ctx.app.orm.em.fork().execute<{ imap_url_encrypted: string | null; imap_mailbox: string }[]>('select imap_url_encrypted, imap_mailbox from mail.queue where id = ?', [queueId]))[0]!;

describe("a queue's IMAP mailbox", () => {
  it('is stored sealed with the folder, found by id or From address, and turned off with null', async () => {
    const url = 'imaps://help%40acme.example:s3cret@imap.acme.example';
    expect(await setQueueMailbox(ctx.app.orm.em.fork(), secretKey, { fromAddress: support.toUpperCase() }, url, 'Support')).toBe(queueId);
    const sealed = await row();
    expect(sealed.imap_url_encrypted).not.toContain('s3cret');
    expect(openSecret(sealed.imap_url_encrypted!, secretKey)).toBe(url);
    expect(sealed.imap_mailbox).toBe('Support');
    expect(await setQueueMailbox(ctx.app.orm.em.fork(), secretKey, { id: queueId }, null)).toBe(queueId);
    expect(await row()).toEqual({ imap_url_encrypted: null, imap_mailbox: 'INBOX' });
  });

  it('refuses a URL that is not IMAP, and answers null for no such queue', async () => {
    await expect(setQueueMailbox(ctx.app.orm.em.fork(), secretKey, { id: queueId }, 'https://imap.acme.example')).rejects.toThrow(/imap:\/\//);
    await expect(setQueueMailbox(ctx.app.orm.em.fork(), secretKey, { id: queueId }, 'imap://imap.acme.example')).rejects.toThrow(/no user/);
    expect(await setQueueMailbox(ctx.app.orm.em.fork(), secretKey, { id: randomUUID() }, null)).toBeNull();
    expect((await row()).imap_url_encrypted).toBeNull();
  });

  it('is set by `npm run imap-mailbox`, which never prints the URL', async () => {
    const root = path.resolve(__dirname, '../../../../..');
    const url = 'imap://desk:hunter2@127.0.0.1:1143';
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'services/mail/src/inbound/imap/mailbox-cli.ts'), support, url], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: ctx.databaseUrl, MAIL_SECRET_KEY: secretKey.toString('base64') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect({ code, output }).toEqual({ code: 0, output: `queue ${queueId} polls INBOX of its IMAP mailbox\n` });
    expect(openSecret((await row()).imap_url_encrypted!, secretKey)).toBe(url);
  });
});
