import { randomUUID } from 'node:crypto';
import { TEST_REDIS_URL } from '@switchboard/service-kit/testing';
import { Redis } from 'ioredis';
import { createDevicePresence } from './device-presence';

let redis: Redis;
const keyPrefix = `sbtest-presence-${randomUUID()}`;

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  const keys = await redis.keys(`${keyPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('device presence (T1)', () => {
  it("counts each replica's seats by device, and not those of a replica whose seats lapsed", async () => {
    const emailId = randomUUID();
    const here = createDevicePresence({ redis, keyPrefix, ttlMs: 60_000 });
    const there = createDevicePresence({ redis, keyPrefix, ttlMs: 60_000 });
    await here.join(emailId, 'desktop-1:tab-a');
    await there.join(emailId, 'desktop-1:tab-b');
    expect(await here.count(emailId)).toBe(1);
    await there.join(emailId, 'laptop-01:tab-c');
    // A replica that died a minute ago left its seat behind, lapsed.
    await redis.zadd(`${keyPrefix}:${emailId}`, Date.now() - 1, 'phone-001:tab-d');
    expect(await here.count(emailId)).toBe(2);
    await there.leave(emailId, 'laptop-01:tab-c');
    expect(await there.count(emailId)).toBe(1);
    await here.refresh();
    expect(await redis.zcard(`${keyPrefix}:${emailId}`)).toBe(2);
  });

  it('counts this process only without Redis', async () => {
    const alone = createDevicePresence({ keyPrefix, ttlMs: 60_000 });
    await alone.join('e', 'desktop-1:a');
    await alone.join('e', 'desktop-1:b');
    await alone.join('e', 'laptop-01:c');
    expect(await alone.count('e')).toBe(2);
    await alone.leave('e', 'laptop-01:c');
    expect(await alone.count('e')).toBe(1);
  });
});
