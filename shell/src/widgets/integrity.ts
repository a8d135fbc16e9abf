/** What a second look at a script that failed to load found. */
export type IntegrityCheck = 'mismatch' | 'match' | 'unavailable';

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Subresource integrity of `bytes`: `sha384-<base64>`. */
export async function sriOf(bytes: ArrayBuffer): Promise<string> {
  return `sha384-${base64(await crypto.subtle.digest('SHA-384', bytes))}`;
}

/**
 * Tells an integrity failure from a network one after a script with `integrity` failed to load
 * (the browser reports both as the same `error` event): fetches the bytes again, without the
 * check, and compares their digest. `unavailable` when they cannot be fetched at all.
 */
export async function checkIntegrity(url: string, integrity: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<IntegrityCheck> {
  try {
    const response = await fetchImpl(url, { mode: 'cors', credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return 'unavailable';
    return (await sriOf(await response.arrayBuffer())) === integrity ? 'match' : 'mismatch';
  } catch {
    return 'unavailable';
  }
}
