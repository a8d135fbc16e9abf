import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/** Where Debian's `dovecot-imapd` puts the server (infra/scripts/test.sh installs it). */
const DOVECOT = '/usr/sbin/dovecot';

/** A throwaway Dovecot on a loopback port with one passwd-file user, for one test file. */
export interface TestDovecot {
  /** `imap://<user>:<password>@127.0.0.1:<port>`. */
  url: string;
  /** Appends a raw message to INBOX, as a delivery would. */
  append(raw: string | Buffer): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, exited: () => string | null): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const failure = exited();
    if (failure) throw new Error(failure);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true))).once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}

/**
 * Starts Dovecot in the foreground with its own config, run and state folders under a temp
 * folder (no system files touched): IMAP only, plain login allowed on loopback, Maildir. Mail is
 * stored as `nobody` when the tests run as root.
 */
export async function startTestDovecot(): Promise<TestDovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-dovecot-'));
  const port = await freePort();
  const user = 'inbox@dovecot.test';
  const password = 'secret-inbox';
  const home = path.join(dir, 'home');
  await Promise.all(['run', 'state', 'home'].map((name) => mkdir(path.join(dir, name))));
  const asRoot = process.getuid?.() === 0;
  // mkdtemp makes the folder private; the mail user must reach its home inside it.
  await chmod(dir, 0o755);
  if (asRoot) await chown(home, Number(execFileSync('id', ['-u', 'nobody']).toString()), Number(execFileSync('id', ['-g', 'nobody']).toString()));
  const owner = asRoot ? 'uid=nobody gid=nogroup' : `uid=${process.getuid?.()} gid=${process.getgid?.()}`;
  await writeFile(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  await writeFile(
    path.join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = ${owner} home=${home}/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exit: string | null = null;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code) => (exit = `dovecot exited with ${code}: ${output}`));
  child.once('error', (error) => (exit = `dovecot did not start: ${error.message}`));
  const stop = async () => {
    if (exit === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, () => exit);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `imap://${encodeURIComponent(user)}:${password}@127.0.0.1:${port}`;
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
  await client.connect();
  return {
    url,
    append: async (raw) => void (await client.append('INBOX', raw)),
    stop: async () => {
      await client.logout().catch(() => client.close());
      await stop();
    },
  };
}
