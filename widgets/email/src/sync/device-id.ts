const KEY = 'switchboard-device-id';

/**
 * This browser's id for the draft streams (T1): one for all its tabs, so the mail service counts
 * devices, not tabs. Kept in localStorage; a browser that refuses storage gets one per page.
 */
export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): string {
  try {
    const known = storage?.getItem(KEY);
    if (known && /^[A-Za-z0-9-]{8,64}$/.test(known)) return known;
    const fresh = crypto.randomUUID();
    storage?.setItem(KEY, fresh);
    return fresh;
  } catch {
    return pageDevice;
  }
}

const pageDevice = crypto.randomUUID();
