import type { Redis } from 'ioredis';

/**
 * Which devices have a draft open. A seat is one open stream, named `<device>:<stream id>`, so
 * the tabs of one browser count as one device. With Redis the seats of every replica are counted
 * (a sorted set per draft, scored by when each seat lapses unless refreshed); without, this
 * process's only.
 */
export interface DevicePresence {
  join(emailId: string, seat: string): Promise<void>;
  leave(emailId: string, seat: string): Promise<void>;
  /** Distinct devices with a live seat on the draft. */
  count(emailId: string): Promise<number>;
  /** Extends this process's seats, so they outlive the TTL while their streams are open. */
  refresh(): Promise<void>;
}

/** Options of a device presence. */
export interface DevicePresenceOptions {
  /** Redis shared by the replicas; none: this process only. */
  redis?: Redis;
  keyPrefix: string;
  /** How long a seat lasts without a refresh. */
  ttlMs: number;
}

const deviceOf = (seat: string) => seat.slice(0, seat.indexOf(':'));

/** Creates a presence; it remembers this process's seats to refresh them. */
export function createDevicePresence({ redis, keyPrefix, ttlMs }: DevicePresenceOptions): DevicePresence {
  const local = new Map<string, Set<string>>();
  const keyOf = (emailId: string) => `${keyPrefix}:${emailId}`;
  const seatUntil = (emailId: string, seats: Iterable<string>) => {
    const until = Date.now() + ttlMs;
    const members = [...seats].flatMap((seat) => [String(until), seat]);
    return redis!.multi().zadd(keyOf(emailId), ...members).pexpire(keyOf(emailId), ttlMs).exec();
  };

  return {
    async join(emailId, seat) {
      const seats = local.get(emailId) ?? new Set<string>();
      seats.add(seat);
      local.set(emailId, seats);
      if (redis) await seatUntil(emailId, [seat]);
    },
    async leave(emailId, seat) {
      const seats = local.get(emailId);
      seats?.delete(seat);
      if (seats?.size === 0) local.delete(emailId);
      if (redis) await redis.zrem(keyOf(emailId), seat);
    },
    async count(emailId) {
      if (!redis) return new Set([...(local.get(emailId) ?? [])].map(deviceOf)).size;
      const [, seats] = (await redis
        .multi()
        .zremrangebyscore(keyOf(emailId), '-inf', String(Date.now()))
        .zrange(keyOf(emailId), '0', '-1')
        .exec()) as [[Error | null, number], [Error | null, string[]]];
      if (seats[0]) throw seats[0];
      return new Set(seats[1].map(deviceOf)).size;
    },
    async refresh() {
      if (!redis) return;
      await Promise.all([...local].map(([emailId, seats]) => seatUntil(emailId, seats)));
    },
  };
}
