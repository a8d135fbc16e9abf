import type { Email } from '@switchboard/contracts';
import { differingFields, fieldsOf, pickFields, sameField, type DraftFieldName, type DraftFields } from '../draft/draft-fields';
import { mergeRemote, resolveConflicts, SYNCED_FIELDS, type ConflictChoice, type FieldConflict, type Resolution } from './field-merge';

/** What tabs of one browser tell each other about a draft. */
export type SyncMessage =
  /** Edits typed in a tab, before they are saved: the other tabs show them at once. */
  | { kind: 'edit'; emailId: string; from: string; fields: Partial<DraftFields>; bases: Partial<DraftFields> }
  /** A saved copy one tab got back from the server. */
  | { kind: 'saved'; emailId: string; from: string; email: Email }
  /** The values an agent chose in the conflict dialog (T3): every tab takes them, ending its own dialog for them. */
  | { kind: 'resolved'; emailId: string; from: string; fields: Partial<DraftFields> };

/** The part of a BroadcastChannel the sync uses. */
export interface SyncChannel {
  postMessage(message: SyncMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<SyncMessage>) => void): void;
  close(): void;
}

/** Options of a draft's sync. */
export interface DraftSyncOptions {
  /** The server copy the composer starts from. */
  email: Email;
  /** This tab's id, so a tab ignores its own messages. */
  tabId: string;
  /** The browser's channel of this draft (`draftChannelName`); none: other devices only. */
  channel?: SyncChannel;
  /**
   * Values to show at once: fields this tab did not touch since their last sync. `server` is the
   * saved copy they came with, null for another tab's unsaved edit.
   */
  onApply(fields: Partial<DraftFields>, server: Email | null): void;
  /** Fields changed elsewhere while this tab has its own edits in them (T2); the list so far. */
  onConflicts(conflicts: readonly FieldConflict[]): void;
}

/** How many recent values of a field a tab remembers (about a minute of typing between saves). */
const HISTORY_LENGTH = 200;

/** The BroadcastChannel name of one draft. */
export const draftChannelName = (emailId: string) => `switchboard-draft-${emailId}`;

/**
 * Live sync of one draft between tabs and devices (T1-T3), without UI: the composer reports
 * its edits and saves; values from other tabs (BroadcastChannel) and devices (the server's
 * stream, fed to `receive`) are merged per field.
 */
export class DraftSync {
  private synced: DraftFields;
  /** The last saved copy seen: a newer one brings news only in the fields that differ from it. */
  private server: DraftFields;
  private local: DraftFields;
  private readonly touched = new Set<DraftFieldName>();
  private version: number;
  private pending: FieldConflict[] = [];
  /** Saves of this tab under way, and the stream's copies waiting for them. */
  private saving = 0;
  private held: Email[] = [];
  private readonly emailId: string;
  /** Recent values each field had in this tab, to tell an old state of this tab's text from a change made elsewhere. */
  private readonly history = new Map<DraftFieldName, string[]>();
  /**
   * Fields showing another tab's edit that no saved copy has confirmed yet. A saved copy may
   * trail them (that tab saved while its agent typed on): an older value this tab showed is
   * then not shown again, or the other tab's newer text would be rolled back here.
   */
  private readonly aheadOfServer = new Set<DraftFieldName>();

  constructor(private readonly options: DraftSyncOptions) {
    this.emailId = options.email.id;
    this.synced = fieldsOf(options.email);
    this.local = { ...this.synced };
    this.server = { ...this.synced };
    this.version = options.email.version;
    options.channel?.addEventListener('message', (event) => this.onMessage(event.data));
  }

  /** Conflicts waiting for the agent. */
  get conflicts(): readonly FieldConflict[] {
    return this.pending;
  }

  /** Fields edited here since their last sync. */
  get touchedFields(): ReadonlySet<DraftFieldName> {
    return this.touched;
  }

  /** The agent edited these fields in this tab: they are touched, and the other tabs see them. */
  edit(patch: Partial<DraftFields>): void {
    const fields: Partial<DraftFields> = {};
    const bases: Partial<DraftFields> = {};
    for (const name of SYNCED_FIELDS) {
      if (!(name in patch) || sameField(name, patch[name] as never, this.local[name] as never)) continue;
      (fields as Record<string, unknown>)[name] = patch[name];
      (bases as Record<string, unknown>)[name] = this.local[name];
      (this.local as unknown as Record<string, unknown>)[name] = patch[name];
      this.remember(name, patch[name] as DraftFields[DraftFieldName]);
      this.touched.add(name);
    }
    if (Object.keys(fields).length === 0) return;
    // A pending conflict shows what this tab has now, typed after the warning included (T4).
    this.pending = this.pending.map((conflict) => (conflict.name in fields ? { ...conflict, yours: this.local[conflict.name] } : conflict));
    this.post({ kind: 'edit', emailId: this.emailId, from: this.options.tabId, fields, bases });
  }

  /** This tab's save came back: what it saved is synced, and the other tabs hear of it. */
  saved(email: Email): void {
    this.adoptSaved(email);
    this.post({ kind: 'saved', emailId: this.emailId, from: this.options.tabId, email });
  }

  /**
   * Runs this tab's save. Copies the stream brings meanwhile wait until the caller has taken the
   * answer (`saved`): the echo of this very save may arrive first, and before the answer it looks
   * like another device's change of fields this tab has typed on since (a false conflict).
   */
  async whileSaving<T>(save: () => Promise<T>): Promise<T> {
    this.saving += 1;
    try {
      return await save();
    } finally {
      this.saving -= 1;
      // A task, not a microtask: the caller's `saved` runs first, in the answer's continuation.
      setTimeout(() => this.releaseHeld(), 0);
    }
  }

  /** A saved copy from the server's stream; older or already known versions are ignored. */
  receive(email: Email): void {
    if (this.saving > 0) {
      this.held.push(email);
      return;
    }
    if (email.version <= this.version) return;
    this.version = email.version;
    this.merge(this.withoutTrailing(this.serverChanges(email)), email);
  }

  /**
   * The agent's decision on pending conflicts: the fields named in `choices` (the others stay
   * pending), or all of them with `fallback` (Ignore all = 'yours', Apply all = 'theirs'). Taken values are synced and no longer touched;
   * kept ones stay touched, so they are saved and reach the other tabs.
   */
  resolve(choices: Partial<Record<DraftFieldName, ConflictChoice>>, fallback?: ConflictChoice): Resolution {
    const conflicts = this.pending.filter((conflict) => (choices[conflict.name] ?? fallback) !== undefined);
    this.pending = this.pending.filter((conflict) => !conflicts.includes(conflict));
    const resolution = resolveConflicts(conflicts, choices, fallback);
    const chosen: Partial<DraftFields> = { ...resolution.apply };
    for (const name of resolution.keep) (chosen as Record<string, unknown>)[name] = this.local[name];
    for (const [name, value] of Object.entries(chosen)) (this.synced as unknown as Record<string, unknown>)[name] = value;
    for (const [name, value] of Object.entries(resolution.apply)) {
      (this.local as unknown as Record<string, unknown>)[name] = value;
      this.touched.delete(name as DraftFieldName);
    }
    if (conflicts.length > 0) this.post({ kind: 'resolved', emailId: this.emailId, from: this.options.tabId, fields: chosen });
    this.options.onConflicts(this.pending);
    return resolution;
  }

  private releaseHeld(): void {
    if (this.saving > 0) return;
    const held = this.held;
    this.held = [];
    for (const email of held) this.receive(email);
  }

  /** Stops listening to the other tabs. */
  dispose(): void {
    this.options.channel?.close();
  }

  /** Drops the values of a saved copy that trail another tab's edits shown here; a copy that reaches them confirms them. */
  private withoutTrailing(changes: Partial<DraftFields>): Partial<DraftFields> {
    const kept: Partial<DraftFields> = {};
    for (const [key, value] of Object.entries(changes)) {
      const name = key as DraftFieldName;
      if (this.aheadOfServer.has(name) && !sameField(name, value as never, this.local[name] as never)) {
        if (this.wasShown(name, value as DraftFields[DraftFieldName])) continue;
      }
      this.aheadOfServer.delete(name);
      (kept as Record<string, unknown>)[name] = value;
    }
    return kept;
  }

  /** The fields a saved copy changed since the last one seen; the rest may be older than what the tabs share live. */
  private serverChanges(email: Email): Partial<DraftFields> {
    const copy = fieldsOf(email);
    const changed = pickFields(copy, differingFields(copy, this.server));
    this.server = copy;
    return changed;
  }

  private adoptSaved(email: Email): void {
    if (email.version > this.version) this.version = email.version;
    this.server = fieldsOf(email);
    const saved = fieldsOf(email);
    for (const name of SYNCED_FIELDS) {
      if (!sameField(name, saved[name] as never, this.local[name] as never)) continue;
      (this.synced as unknown as Record<string, unknown>)[name] = saved[name];
      this.touched.delete(name);
      this.aheadOfServer.delete(name);
    }
  }

  private onMessage(message: SyncMessage): void {
    if (message.emailId !== this.emailId || message.from === this.options.tabId) return;
    if (message.kind === 'saved') this.receive(message.email);
    else if (message.kind === 'edit') {
      for (const name of Object.keys(this.merge(message.fields, null, message.bases))) this.aheadOfServer.add(name as DraftFieldName);
    } else this.takeResolved(message.fields);
  }

  /** Another tab's dialog decided these fields: they replace this tab's values and its conflicts on them. */
  private takeResolved(fields: Partial<DraftFields>): void {
    for (const [name, value] of Object.entries(fields)) {
      (this.synced as unknown as Record<string, unknown>)[name] = value;
      (this.local as unknown as Record<string, unknown>)[name] = value;
      this.touched.delete(name as DraftFieldName);
    }
    this.options.onApply(fields, null);
    this.dropConflicts(Object.keys(fields));
  }

  private dropConflicts(names: readonly string[]): void {
    const before = this.pending.length;
    this.pending = this.pending.filter((conflict) => !names.includes(conflict.name));
    if (this.pending.length !== before) this.options.onConflicts(this.pending);
  }

  private wasShown(name: DraftFieldName, value: DraftFields[DraftFieldName]): boolean {
    return this.history.get(name)?.includes(JSON.stringify(value)) ?? false;
  }

  /** Merges values from elsewhere; answers the values applied. */
  private merge(remote: Partial<DraftFields>, server: Email | null, bases?: Partial<DraftFields>): Partial<DraftFields> {
    const shown = (name: DraftFieldName, value: DraftFields[DraftFieldName]) => this.wasShown(name, value);
    const { apply, conflicts } = mergeRemote({ synced: this.synced, local: this.local, touched: this.touched, shown }, remote, bases);
    for (const [name, value] of Object.entries(apply)) {
      (this.synced as unknown as Record<string, unknown>)[name] = value;
      (this.local as unknown as Record<string, unknown>)[name] = value;
      this.remember(name as DraftFieldName, value as DraftFields[DraftFieldName]);
      this.touched.delete(name as DraftFieldName);
    }
    if (Object.keys(apply).length > 0 || server) this.options.onApply(apply, server);
    this.dropConflicts(Object.keys(apply));
    if (conflicts.length === 0) return apply;
    const names = new Set(conflicts.map((c) => c.name));
    this.pending = [...this.pending.filter((c) => !names.has(c.name)), ...conflicts];
    this.options.onConflicts(this.pending);
    return apply;
  }

  private remember(name: DraftFieldName, value: DraftFields[DraftFieldName]): void {
    const values = this.history.get(name) ?? [];
    values.push(JSON.stringify(value));
    if (values.length > HISTORY_LENGTH) values.shift();
    this.history.set(name, values);
  }

  private post(message: SyncMessage): void {
    this.options.channel?.postMessage(message);
  }
}
