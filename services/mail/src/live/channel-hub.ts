import type { Redis } from 'ioredis';
import type { DeliveryLogger } from '../delivery/logger';
import { createRedisClient } from '../delivery/redis';

/**
 * Fan-out of messages by key (a draft's id, a ticket's id) to the listeners of this replica, and
 * through Redis pub/sub to those of every other replica. Without Redis it fans out in this process only.
 */
export interface ChannelHub<Message> {
  /** Tells every listener of `key`, on every replica; a failed publish is logged, never thrown. */
  publish(key: string, message: Message): Promise<void>;
  /** `publish` of one message to several keys, in one round trip to Redis. */
  publishAll(keys: readonly string[], message: Message): Promise<void>;
  /** Listens to one key; returns the call that stops. */
  subscribe(key: string, listener: (message: Message) => void): Promise<() => void>;
  /** The publishing connection, for state the replicas share (none without Redis). */
  readonly redis: Redis | undefined;
  /** Drops every listener and the Redis connections. */
  close(): void;
}

/** The channels of tickets' live threads (issue 13), below the service's and the worker's common prefix (MAIL_QUEUE_PREFIX). */
export const ticketThreadChannel = (prefix: string) => `${prefix}:mail:ticket`;

/** Options of a channel hub. */
export interface ChannelHubOptions {
  /** Redis shared by the mail replicas; none: this process only. */
  redisUrl?: string;
  /** The channels' common name start, e.g. `sb:mail:draft`: one channel per key below it. */
  channel: string;
  logger: DeliveryLogger;
}

/** Creates a hub; with Redis it holds one publishing connection, and one subscribing connection from the first subscribe. */
export function createChannelHub<Message>(options: ChannelHubOptions): ChannelHub<Message> {
  const listeners = new Map<string, Set<(message: Message) => void>>();
  const prefix = `${options.channel}:`;
  const deliver = (key: string, message: Message) => {
    for (const listener of listeners.get(key) ?? []) listener(message);
  };
  const publisher = options.redisUrl ? createRedisClient(options.redisUrl, 'producer', options.logger) : undefined;
  // Opened by the first subscribe: a hub that only publishes (the delivery worker's) needs none.
  let subscriber: Redis | undefined;
  const subscriberOf = (redisUrl: string) => {
    if (subscriber) return subscriber;
    subscriber = createRedisClient(redisUrl, 'worker', options.logger);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel.startsWith(prefix)) deliver(channel.slice(prefix.length), JSON.parse(message) as Message);
    });
    return subscriber;
  };

  return {
    redis: publisher,
    async publish(key, message) {
      if (!publisher) return deliver(key, message);
      try {
        await publisher.publish(prefix + key, JSON.stringify(message));
      } catch (error) {
        // The change itself stands; a reconnecting stream starts with the current state.
        options.logger.warn({ err: error instanceof Error ? error.message : String(error), channel: prefix + key }, 'live change not published');
      }
    },
    async publishAll(keys, message) {
      if (!publisher) return keys.forEach((key) => deliver(key, message));
      const text = JSON.stringify(message);
      const pipeline = publisher.pipeline();
      for (const key of keys) pipeline.publish(prefix + key, text);
      try {
        const failed = ((await pipeline.exec()) ?? []).find(([error]) => error)?.[0];
        if (failed) throw failed;
      } catch (error) {
        options.logger.warn({ err: error instanceof Error ? error.message : String(error), channels: keys.length }, 'live changes not published');
      }
    },
    async subscribe(key, listener) {
      let set = listeners.get(key);
      if (!set) {
        set = new Set();
        listeners.set(key, set);
        if (options.redisUrl) await subscriberOf(options.redisUrl).subscribe(prefix + key);
      }
      set.add(listener);
      return () => {
        const current = listeners.get(key);
        if (!current?.delete(listener) || current.size > 0) return;
        listeners.delete(key);
        subscriber?.unsubscribe(prefix + key).catch(() => undefined);
      };
    },
    close() {
      listeners.clear();
      publisher?.disconnect();
      subscriber?.disconnect();
    },
  };
}
