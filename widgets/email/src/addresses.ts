import type { MailAddress } from '@switchboard/contracts';

/** The server's `email` format (ajv-formats, full mode): what it accepts, we accept. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** Longest display name the contract allows. */
const MAX_NAME = 200;

/**
 * Text bound for a mail header (subject, display name, address) with every control character,
 * CR and LF above all, turned into a space: no header can be injected through it.
 */
export function headerSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** True when `address` is a mailbox the server accepts. */
export function isValidAddress(address: string): boolean {
  return address.length <= 254 && EMAIL.test(address);
}

/** One typed entry: an address, or `Name <address>`, or `"Name" <address>`; undefined when invalid. */
export function parseAddress(entry: string): MailAddress | undefined {
  const text = headerSafe(entry).trim();
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(text);
  const address = (named ? named[2] : text).trim();
  if (!isValidAddress(address)) return undefined;
  const name = named ? named[1].trim().replace(/^"(.*)"$/, '$1').trim().slice(0, MAX_NAME) : '';
  return name ? { address, name } : { address };
}

/** Splits typed or pasted text into entries at commas, semicolons and line breaks (not inside quotes or <>). */
export function splitEntries(text: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === '<') angled = true;
    else if (char === '>') angled = false;
    if (!quoted && !angled && (char === ',' || char === ';' || char === '\n' || char === '\r')) {
      entries.push(current);
      current = '';
    } else current += char;
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter(Boolean);
}

/** True when both name the same mailbox (addresses compare case-insensitively). */
export function sameAddress(a: MailAddress, b: MailAddress): boolean {
  return a.address.toLowerCase() === b.address.toLowerCase();
}

/** How a recipient reads in a chip or list: the name, or the address alone. */
export function addressLabel(address: MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}
