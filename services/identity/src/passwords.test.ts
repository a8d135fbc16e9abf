import { hashPassword, verifyPassword } from './passwords';

// scrypt is slow on purpose, slower still on a busy machine.
jest.setTimeout(30_000);

describe('passwords', () => {
  it('stores params, salt and hash in one string and verifies it', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horsE', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('verifies with the parameters stored in the hash, not the current ones', async () => {
    const [, , , , salt] = (await hashPassword('x')).split('$');
    const { scryptSync } = await import('node:crypto');
    const hash = scryptSync('older', Buffer.from(salt, 'base64url'), 32, { N: 1024, r: 8, p: 1 }).toString('base64url');
    await expect(verifyPassword('older', `scrypt$1024$8$1$${salt}$${hash}`)).resolves.toBe(true);
  });

  it('refuses malformed or hostile stored values instead of throwing', async () => {
    for (const stored of ['', 'plain', 'bcrypt$1$2$3$a$b', 'scrypt$1000$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA', 'scrypt$4194304$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA', 'scrypt$1024$8$1$$']) {
      await expect(verifyPassword('x', stored)).resolves.toBe(false);
    }
  });
});
