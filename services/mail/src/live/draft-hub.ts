import { randomUUID } from 'node:crypto';
import type { Email } from '@switchboard/contracts';
import type { Redis } from 'ioredis';
import type { DeliveryLogger } from '../delivery/logger';
import { createRedisClient } from '../delivery/redis';
import { createDevicePresence, type DevicePresence } from './device-presence';

/** What a listener of one draft hears: a saved copy, or how many devices have the draft open now. */
export type DraftHubEvent = { kind: 'draft'; email: Email } | { kind: 'devices'; count: number };

/** Receives one draft's events. */
export type DraftListener = (event: DraftHubEvent) => void;

/** One open stream of a draft: what it hears, and the browser it belongs to (its tabs count once). */
export interface DraftSubscriber {
  device?: string;
  listener: DraftListener;
}

/**
 * Fan-out of drafts' saved copies (T1) to the change streams open on this replica, and through
 * Redis pub/sub to those of every other replica. Without Redis it fans out in this process only.
 * It also counts the devices that have each draft open, so a tab knows when another one watches.
 */
export interface DraftHub {
  /** Tells every listener of the draft, on every replica, of its new saved copy. */
  publish(email: Email): Promise<void>;
  /** Listens to one draft and counts its device in; returns the call that stops both. */
  subscribe(emailId: string, subscriber: DraftSubscriber): Promise<() => void>;
  /** Keeps this replica's devices counted (call more often than the presence lasts). */
  refresh(): Promise<void>;
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
  /** How long a device stays counted without a refresh (a replica that died). Default 60 s. */
  presenceTtlMs?: number;
}

/** What goes over a draft's channel: a saved copy, or news that its devices changed. */
type ChannelMessage = { kind: 'draft'; email: Email } | { kind: 'devices' };

/** Creates a hub; with Redis it holds one publishing and one subscribing connection. */
export function createDraftHub(options: DraftHubOptions): DraftHub {
  const listeners = new Map<string, Set<DraftListener>>();
  const channelOf = (emailId: string) => `${options.channelPrefix}:mail:draft:${emailId}`;
  const deliver = (emailId: string, event: DraftHubEvent) => {
    for (const listener of listeners.get(emailId) ?? []) listener(event);
  };
  let publisher: Redis | undefined;
  let subscriber: Redis | undefined;
  if (options.redisUrl) {
    publisher = createRedisClient(options.redisUrl, 'producer', options.logger);
    subscriber = createRedisClient(options.redisUrl, 'worker', options.logger);
  }
  const presence: DevicePresence = createDevicePresence({
    redis: publisher,
    keyPrefix: `${options.channelPrefix}:mail:draft-devices`,
    ttlMs: options.presenceTtlMs ?? 60_000,
  });

  const received = async (emailId: string, message: ChannelMessage) => {
    if (message.kind === 'draft') return deliver(emailId, message);
    if (!listeners.has(emailId)) return;
    try {
      deliver(emailId, { kind: 'devices', count: await presence.count(emailId) });
    } catch (error) {
      options.logger.warn({ err: error instanceof Error ? error.message : String(error), emailId }, 'draft devices not counted');
    }
  };
  const send = async (emailId: string, message: ChannelMessage) => {
    if (!publisher) return received(emailId, message);
    try {
      await publisher.publish(channelOf(emailId), JSON.stringify(message));
    } catch (error) {
      // The save itself stands; the open tabs catch up from the copy a reconnecting stream starts with.
      options.logger.warn({ err: error instanceof Error ? error.message : String(error), emailId }, 'draft change not published');
    }
  };
  if (subscriber) {
    const prefix = channelOf('');
    subscriber.on('message', (channel: string, message: string) => {
      if (channel.startsWith(prefix)) void received(channel.slice(prefix.length), JSON.parse(message) as ChannelMessage);
    });
  }
  /** Seats being given up, waited for before the connections close. */
  const leaving = new Set<Promise<void>>();
  const devicesChanged = async (emailId: string, change: () => Promise<void>) => {
    try {
      await change();
    } catch (error) {
      options.logger.warn({ err: error instanceof Error ? error.message : String(error), emailId }, 'draft devices not updated');
      return;
    }
    await send(emailId, { kind: 'devices' });
  };

  return {
    publish: (email) => send(email.id, { kind: 'draft', email }),
    async subscribe(emailId, { device, listener }) {
      let set = listeners.get(emailId);
      if (!set) {
        set = new Set();
        listeners.set(emailId, set);
        await subscriber?.subscribe(channelOf(emailId));
      }
      set.add(listener);
      const seat = device ? `${device}:${randomUUID()}` : undefined;
      if (seat) await devicesChanged(emailId, () => presence.join(emailId, seat));
      return () => {
        if (seat) {
          const left = devicesChanged(emailId, () => presence.leave(emailId, seat));
          leaving.add(left);
          void left.finally(() => leaving.delete(left));
        }
        const current = listeners.get(emailId);
        if (!current?.delete(listener) || current.size > 0) return;
        listeners.delete(emailId);
        subscriber?.unsubscribe(channelOf(emailId)).catch(() => undefined);
      };
    },
    async refresh() {
      try {
        await presence.refresh();
      } catch (error) {
        options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'draft devices not refreshed');
      }
    },
    async close() {
      await Promise.all(leaving);
      listeners.clear();
      publisher?.disconnect();
      subscriber?.disconnect();
    },
  };
}
