import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The key mail seals queues' SMTP and IMAP URLs with (MAIL_SECRET_KEY, issue 13): made once per
 * data folder and kept in `<dataDir>/mail-secret-key` (readable by its owner only), since URLs
 * sealed with it must open after a restart.
 */
export async function mailSecretKeyOf(dataDir: string): Promise<string> {
  const file = join(dataDir, 'mail-secret-key');
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}
