/** An email address as shown (trimmed, case kept) and as matched (also lowercased). */
export interface NormalizedEmail {
  address: string;
  key: string;
}

// Pragmatic, not RFC 5322: a local part without spaces, quotes or brackets (no leading,
// trailing or double dot), then a domain of letter/digit labels with a top-level label.
const LOCAL = /^(?!\.)(?!.*\.\.)[^\s@<>()[\]\\,;:"]{1,64}(?<!\.)$/u;
const LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/** The key an address is matched by: trimmed and lowercased (`Jana@X.cz ` → `jana@x.cz`). */
export function emailKey(raw: string): string {
  return raw.trim().toLowerCase();
}

/** The address trimmed, with its match key; null when it is not an address. */
export function normalizeEmail(raw: string): NormalizedEmail | null {
  const address = raw.trim();
  const at = address.lastIndexOf('@');
  if (at < 1 || address.length > 254) return null;
  const labels = address.slice(at + 1).split('.');
  const valid =
    LOCAL.test(address.slice(0, at)) && labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /^\p{L}{2,63}$/u.test(labels[labels.length - 1]!);
  return valid ? { address, key: emailKey(address) } : null;
}
