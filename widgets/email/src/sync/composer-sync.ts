import type { Email } from '@switchboard/contracts';
import type { DraftFields } from '../draft/draft-fields';
import type { MailApi } from '../mail-api';
import { DraftSync, draftChannelName, type SyncChannel } from './draft-sync';
import type { FieldConflict } from './field-merge';

/** What a composer hears from the other tabs and devices. */
export interface ComposerSyncOptions {
  email: Email;
  api: Pick<MailApi, 'draftChanges'>;
  onApply(fields: Partial<DraftFields>, server: Email | null): void;
  onConflicts(conflicts: readonly FieldConflict[]): void;
  /** Whether the mail service's stream is connected. */
  onOnline(online: boolean): void;
  /** How many devices have the draft open, this one included. */
  onDevices(count: number): void;
}

/** A composer's live sync: the merge, this browser's channel and the server's stream. */
export interface ComposerSync {
  sync: DraftSync;
  close(): void;
}

/** Starts live sync of one draft (T1): other tabs through BroadcastChannel, other devices through mail's stream. */
export function openComposerSync(options: ComposerSyncOptions): ComposerSync {
  const { email, api } = options;
  const channel = typeof BroadcastChannel === 'function' ? (new BroadcastChannel(draftChannelName(email.id)) as unknown as SyncChannel) : undefined;
  const sync = new DraftSync({ email, tabId: crypto.randomUUID(), channel, onApply: options.onApply, onConflicts: options.onConflicts });
  const stream = api.draftChanges(email.id, { onEmail: (copy) => sync.receive(copy), onDevices: options.onDevices, onOnline: options.onOnline });
  return {
    sync,
    close() {
      stream.close();
      sync.dispose();
    },
  };
}
