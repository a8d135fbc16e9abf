import { deviceId } from './device-id';

const storage = () => {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value), values };
};

describe('deviceId', () => {
  it('gives every tab of a browser the same id, kept in its storage', () => {
    const store = storage();
    const first = deviceId(store);
    expect(first).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    expect(deviceId(store)).toBe(first);
    expect(deviceId(storage())).not.toBe(first);
  });

  it('replaces a stored value the mail service would refuse, and works without storage', () => {
    const store = storage();
    store.values.set('switchboard-device-id', 'bad:value');
    expect(deviceId(store)).toMatch(/^[A-Za-z0-9-]{36}$/);
    const refusing = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => undefined };
    expect(deviceId(refusing)).toBe(deviceId(refusing));
  });
});
