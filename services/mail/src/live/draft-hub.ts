import { randomUUID } from 'node:crypto';
import type { Email } from '@switchboard/contracts';
import type { DeliveryLogger } from '../delivery/logger';
import { createChannelHub } from './channel-hub';
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
 * Fan-out of drafts' saved copies (T1) to the change streams open on every replica (a channel
 * hub per draft). It also counts the devices that have each draft open, so a tab knows when another one watches.
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

/** Creates a hub over a channel hub (`<prefix>:mail:draft:<id>`); its presence uses the same Redis. */
export function createDraftHub(options: DraftHubOptions): DraftHub {
  const channels = createChannelHub<ChannelMessage>({
    redisUrl: options.redisUrl,
    channel: `${options.channelPrefix}:mail:draft`,
    logger: options.logger,
  });
  const presence: DevicePresence = createDevicePresence({
    redis: channels.redis,
    keyPrefix: `${options.channelPrefix}:mail:draft-devices`,
    ttlMs: options.presenceTtlMs ?? 60_000,
  });

  const heard = async (emailId: string, message: ChannelMessage, listener: DraftListener) => {
    if (message.kind === 'draft') return listener(message);
    try {
      listener({ kind: 'devices', count: await presence.count(emailId) });
    } catch (error) {
      options.logger.warn({ err: error instanceof Error ? error.message : String(error), emailId }, 'draft devices not counted');
    }
  };
  /** Seats being given up, waited for before the connections close. */
  const leaving = new Set<Promise<void>>();
  const devicesChanged = async (emailId: string, change: () => Promise<void>) => {
    try {
      await change();
    } catch (error) {
      options.logger.warn({ err: error instanceof Error ? error.message : String(error), emailId }, 'draft devices not updated');
      return;
    }
    await channels.publish(emailId, { kind: 'devices' });
  };

  return {
    publish: (email) => channels.publish(email.id, { kind: 'draft', email }),
    async subscribe(emailId, { device, listener }) {
      const unsubscribe = await channels.subscribe(emailId, (message) => void heard(emailId, message, listener));
      const seat = device ? `${device}:${randomUUID()}` : undefined;
      if (seat) await devicesChanged(emailId, () => presence.join(emailId, seat));
      return () => {
        if (seat) {
          const left = devicesChanged(emailId, () => presence.leave(emailId, seat));
          leaving.add(left);
          void left.finally(() => leaving.delete(left));
        }
        unsubscribe();
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
      channels.close();
    },
  };
}
