import type { ImapFlowOptions } from 'imapflow';

/**
 * Connection options from a queue's IMAP URL: `imaps://user:password@host[:993]` (TLS) or
 * `imap://user:password@host[:143]` (plain, or STARTTLS when the server offers it); the user
 * and password are URL-encoded. Throws on anything else.
 */
export function imapOptionsOf(url: string): ImapFlowOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:') throw new Error('an IMAP URL starts with imap:// or imaps://');
  if (!parsed.username) throw new Error('the IMAP URL names no user');
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
    logger: false,
    // A dead server must not hold a poll forever.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  };
}

/** Why `url` is not an IMAP URL mail can poll, or null when it is. */
export function imapUrlProblem(url: string): string | null {
  try {
    imapOptionsOf(url);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
