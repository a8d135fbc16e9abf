import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The key mail seals queues' SMTP and IMAP URLs with (MAIL_SECRET_KEY, issue 13): made once per
 * data folder and kept in `<dataDir>/mail-secret-key` (readable by its owner only), since URLs
 * sealed with it must open after a restart. Platforms starting at once on one folder agree on
 * one key: it is written whole to a file of its own, then linked into place only if none is there.
 */
export async function mailSecretKeyOf(dataDir: string): Promise<string> {
  const file = join(dataDir, 'mail-secret-key');
  await mkdir(dataDir, { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  return (await readFile(file, 'utf8')).trim();
}
