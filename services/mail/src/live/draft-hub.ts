import type { Email } from '@switchboard/contracts';
import type { Redis } from 'ioredis';
import type { DeliveryLogger } from '../delivery/logger';
import { createRedisClient } from '../delivery/redis';

/** Receives each saved copy of one draft. */
export type DraftListener = (email: Email) => void;

/**
 * Fan-out of drafts' saved copies (T1) to the change streams open on this replica, and through
 * Redis pub/sub to those of every other replica. Without Redis it fans out in this process only.
 */
export interface DraftHub {
  /** Tells every listener of the draft, on every replica, of its new saved copy. */
  publish(email: Email): Promise<void>;
  /** Listens to one draft; returns the call that stops listening. */
  subscribe(emailId: string, listener: DraftListener): Promise<() => void>;
  /** Drops every listener and the Redis connections. */
  close(): Promise<void>;
}

/** Options of a draft hub. */
export interface DraftHubOptions {
  /** Redis shared by the mail replicas; none: this process only. */
  redisUrl?: string;
  /** Start of every channel name, so test runs and deployments sharing a Redis stay apart. */
  channelPrefix: string;
  logger: DeliveryLogger;
}

/** Creates a hub; with Redis it holds one publishing and one subscribing connection. */
export function createDraftHub(options: DraftHubOptions): DraftHub {
  const listeners = new Map<string, Set<DraftListener>>();
  const channelOf = (emailId: string) => `${options.channelPrefix}:mail:draft:${emailId}`;
  const deliver = (emailId: string, email: Email) => {
    for (const listener of listeners.get(emailId) ?? []) listener(email);
  };
  let publisher: Redis | undefined;
  let subscriber: Redis | undefined;
  if (options.redisUrl) {
    publisher = createRedisClient(options.redisUrl, 'producer', options.logger);
    subscriber = createRedisClient(options.redisUrl, 'worker', options.logger);
    const prefix = channelOf('');
    subscriber.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(prefix)) return;
      deliver(channel.slice(prefix.length), JSON.parse(message) as Email);
    });
  }

  return {
    async publish(email) {
      if (!publisher) return deliver(email.id, email);
      try {
        await publisher.publish(channelOf(email.id), JSON.stringify(email));
      } catch (error) {
        // The save itself stands; the open tabs catch up from the copy a reconnecting stream starts with.
        options.logger.warn({ err: error instanceof Error ? error.message : String(error), emailId: email.id }, 'draft change not published');
      }
    },
    async subscribe(emailId, listener) {
      let set = listeners.get(emailId);
      if (!set) {
        set = new Set();
        listeners.set(emailId, set);
        await subscriber?.subscribe(channelOf(emailId));
      }
      set.add(listener);
      return () => {
        const current = listeners.get(emailId);
        if (!current?.delete(listener) || current.size > 0) return;
        listeners.delete(emailId);
        subscriber?.unsubscribe(channelOf(emailId)).catch(() => undefined);
      };
    },
    async close() {
      listeners.clear();
      publisher?.disconnect();
      subscriber?.disconnect();
    },
  };
}
