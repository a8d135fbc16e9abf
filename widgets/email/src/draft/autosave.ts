import { MailErrorCode, type Email, type PatchDraftBody } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import type { DraftBackup } from './draft-backup';
import {
  DRAFT_FIELD_NAMES,
  differingFields,
  fieldsOf,
  patchBody,
  pickFields,
  sameField,
  type DraftFieldName,
  type DraftFields,
} from './draft-fields';

/** What the status line shows about saving (E5). */
export type SaveState =
  | { kind: 'saved'; at: string }
  | { kind: 'saving' }
  | { kind: 'retrying'; message: string }
  | { kind: 'failed'; message: string; code: string }
  | { kind: 'conflict'; fields: DraftFieldName[]; server: Email };

/** Options of an autosaver. */
export interface AutosaveOptions {
  /** The server copy the composer starts from. */
  email: Email;
  /** `PATCH /emails/:id`; `keepalive` when the page is going away. */
  save(body: PatchDraftBody, options: { keepalive: boolean }): Promise<Email>;
  /** Where unsaved edits survive a crash; read once on construction. */
  backup?: DraftBackup;
  /** Called on every change of the save state. */
  onState(state: SaveState): void;
  /** Called with each server copy a save returns. */
  onSaved?(email: Email): void;
  /** Quiet time after the last edit before saving. Default 600 ms. */
  debounceMs?: number;
  /** The quiet time while another device has the draft open, so it sees the typing live (T1). Default 50 ms. */
  watchedDebounceMs?: number;
  /** Longest wait while edits keep coming. Default 3 s. */
  maxWaitMs?: number;
  /** Waits between retries of a failed save; the last repeats. */
  retryDelaysMs?: readonly number[];
}

/** Failures a retry cannot fix: the edit itself is refused. */
const PERMANENT_STATUSES = new Set([400, 403, 404, 413, 422]);

/** How often a stale version is refreshed silently before the conflict is shown anyway. */
const MAX_SILENT_REBASES = 3;

/**
 * Autosaves a draft (E5): edits are debounced, one PATCH is in flight at a time carrying the
 * version last seen, failures retry with backoff, unsaved edits are kept in sessionStorage until
 * the server confirms them. A 409 DRAFT_VERSION_CONFLICT is never overwritten silently when the
 * server copy differs from what this tab last saw: the state becomes `conflict` until the agent
 * keeps their edits or takes the server's.
 */
export class Autosaver {
  private local: DraftFields;
  /** The server copy last seen: what the other side may have changed since. */
  private base: DraftFields;
  private versionSeen: number;
  private readonly dirty = new Set<DraftFieldName>();
  private sending: readonly DraftFieldName[] = [];
  private inFlight?: Promise<void>;
  private queued = false;
  private debounceTimer?: ReturnType<typeof setTimeout>;
  private maxWaitTimer?: ReturnType<typeof setTimeout>;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private attempt = 0;
  private silentRebases = 0;
  private current: SaveState;
  private disposed = false;
  private held = false;
  private watched = false;
  private readonly debounceMs: number;
  private readonly watchedDebounceMs: number;
  private readonly maxWaitMs: number;
  private readonly retryDelaysMs: readonly number[];
  /** Fields restored from the tab's backup when the draft was opened. */
  restored: DraftFieldName[] = [];

  constructor(private readonly options: AutosaveOptions) {
    this.debounceMs = options.debounceMs ?? 600;
    this.watchedDebounceMs = options.watchedDebounceMs ?? 50;
    this.maxWaitMs = options.maxWaitMs ?? 3000;
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 2000, 5000, 10000, 30000];
    this.base = fieldsOf(options.email);
    this.local = { ...this.base };
    this.versionSeen = options.email.version;
    this.current = { kind: 'saved', at: options.email.updatedAt };
    this.restoreBackup(options.email);
  }

  /** The save state shown to the agent. */
  get state(): SaveState {
    return this.current;
  }

  /** The version the next PATCH (or send) names. */
  get version(): number {
    return this.versionSeen;
  }

  /** The composer's current values, saved or not. */
  get values(): Readonly<DraftFields> {
    return this.local;
  }

  /** True while some edit is not confirmed by the server. */
  get pending(): boolean {
    return this.dirty.size > 0 || this.inFlight !== undefined;
  }

  /** Records edits and schedules a save. Values equal to the current ones are ignored. */
  update(patch: Partial<DraftFields>): void {
    let changed = false;
    for (const name of DRAFT_FIELD_NAMES) {
      const value = patch[name];
      if (value === undefined || sameField(name, this.local[name], value as never)) continue;
      (this.local as unknown as Record<string, unknown>)[name] = value;
      this.dirty.add(name);
      changed = true;
    }
    if (!changed) return;
    this.writeBackup();
    this.schedule();
  }

  /**
   * Saves the unsaved edits now, e.g. on `pagehide` with `keepalive`. While a request is in
   * flight the next one follows it.
   */
  flush(options: { keepalive?: boolean } = {}): Promise<void> {
    return this.send(options.keepalive ?? false);
  }

  /** Saves everything now and waits; true when the server has every edit (before send or postpone). */
  async settle(): Promise<boolean> {
    while (this.inFlight) await this.inFlight;
    if (this.dirty.size > 0 && this.current.kind !== 'conflict') {
      await this.send(false);
      while (this.inFlight) await this.inFlight;
    }
    return this.dirty.size === 0 && this.current.kind === 'saved';
  }

  /**
   * Takes the server copy from a 409 outside autosave (a send named a stale version): adopts its
   * version when none of its fields moved since this tab last saw them (true), else shows the
   * conflict (false).
   */
  adoptVersion(server: Email): boolean {
    this.versionSeen = server.version;
    const fields = differingFields(fieldsOf(server), this.base);
    if (fields.length === 0) {
      this.base = fieldsOf(server);
      return true;
    }
    this.setState({ kind: 'conflict', fields, server });
    return false;
  }

  /**
   * Takes values from another tab or device (T1) as this tab's without saving them again, and a
   * newer saved copy's version, so the next save builds on it instead of meeting a 409.
   */
  adoptRemote(fields: Partial<DraftFields>, server: Email | null): void {
    for (const name of DRAFT_FIELD_NAMES) {
      if (!(name in fields)) continue;
      (this.local as unknown as Record<string, unknown>)[name] = fields[name];
      this.dirty.delete(name);
    }
    if (server && server.version > this.versionSeen) {
      this.versionSeen = server.version;
      this.base = fieldsOf(server);
    }
    this.writeBackup();
  }

  /**
   * Whether another device has the draft open (T1): then edits are saved after a short pause
   * instead of a typing pause, so the other device sees them as they are typed.
   */
  setWatched(watched: boolean): void {
    if (this.watched === watched) return;
    this.watched = watched;
    if (this.debounceTimer !== undefined) this.schedule();
  }

  /** Holds saves while the agent decides a live conflict (T2), so neither side's value is saved over the other's first. */
  hold(held: boolean): void {
    this.held = held;
    if (!held && this.dirty.size > 0) this.schedule();
  }

  /**
   * The live dialog's decision (T3): the values taken from elsewhere become this tab's, and a save
   * refused meanwhile (409) is settled too: the server's copy is the new base and what this tab
   * kept is saved over it.
   */
  decide(apply: Partial<DraftFields>): void {
    if (this.current.kind === 'conflict') {
      const { server } = this.current;
      this.base = fieldsOf(server);
      this.versionSeen = Math.max(this.versionSeen, server.version);
      this.silentRebases = 0;
      this.setState({ kind: 'saved', at: server.updatedAt });
    }
    this.update(apply);
    if (this.dirty.size > 0) this.schedule();
  }

  /** Resolves a conflict with this tab's values: re-saves them on the server's new version. */
  keepMine(): void {
    if (this.current.kind !== 'conflict') return;
    const { server, fields } = this.current;
    this.base = fieldsOf(server);
    this.versionSeen = server.version;
    for (const name of fields) if (!sameField(name, this.local[name], this.base[name] as never)) this.dirty.add(name);
    this.silentRebases = 0;
    this.setState({ kind: 'saved', at: server.updatedAt });
    this.writeBackup();
    void this.send(false);
  }

  /** Resolves a conflict with the server's copy; returns the values the composer must show. */
  takeTheirs(): DraftFields {
    if (this.current.kind === 'conflict') {
      const { server } = this.current;
      this.base = fieldsOf(server);
      this.versionSeen = server.version;
      this.local = { ...this.base };
      this.dirty.clear();
      this.options.backup?.clear();
      this.setState({ kind: 'saved', at: server.updatedAt });
    }
    return { ...this.local };
  }

  /** Stops the timers; answers still arriving update the version but schedule nothing. */
  dispose(): void {
    this.disposed = true;
    this.clearTimers();
  }

  private restoreBackup(email: Email): void {
    const saved = this.options.backup?.read();
    if (!saved) return;
    const fields = differingFields(saved.fields, this.base);
    if (fields.length === 0) {
      this.options.backup?.clear();
      return;
    }
    for (const name of fields) (this.local as unknown as Record<string, unknown>)[name] = saved.fields[name];
    for (const name of fields) this.dirty.add(name);
    this.restored = fields;
    // Edits made on the version the server still has are newer: save them. Edits on an older
    // version meet changes made elsewhere since: the agent decides.
    if (saved.version >= email.version) this.schedule();
    else this.current = { kind: 'conflict', fields, server: email };
  }

  private schedule(): void {
    if (this.disposed || this.current.kind === 'conflict' || this.retryTimer !== undefined) return;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.send(false), this.watched ? this.watchedDebounceMs : this.debounceMs);
    this.maxWaitTimer ??= setTimeout(() => void this.send(false), this.maxWaitMs);
  }

  private clearTimers(): void {
    clearTimeout(this.debounceTimer);
    clearTimeout(this.maxWaitTimer);
    clearTimeout(this.retryTimer);
    this.debounceTimer = this.maxWaitTimer = this.retryTimer = undefined;
  }

  private send(keepalive: boolean): Promise<void> {
    if (this.inFlight) {
      this.queued = true;
      return this.inFlight;
    }
    this.clearTimers();
    if (this.dirty.size === 0 || this.current.kind === 'conflict' || this.held) return Promise.resolve();
    const names = [...this.dirty];
    this.dirty.clear();
    this.sending = names;
    const body = patchBody(this.versionSeen, pickFields(this.local, names));
    this.setState({ kind: 'saving' });
    // A save function failing synchronously settles the request before it is stored.
    let settled = false;
    const request = (async () => {
      let email: Email;
      try {
        email = await this.options.save(body, { keepalive });
      } catch (error) {
        settled = true;
        this.inFlight = undefined;
        this.sending = [];
        this.onFailed(error, names);
        return;
      }
      settled = true;
      this.inFlight = undefined;
      this.sending = [];
      this.onSaved(email);
    })();
    if (!settled) this.inFlight = request;
    return request;
  }

  private onSaved(email: Email): void {
    this.versionSeen = email.version;
    this.base = fieldsOf(email);
    this.attempt = 0;
    this.silentRebases = 0;
    this.setState({ kind: 'saved', at: email.updatedAt });
    this.options.onSaved?.(email);
    this.writeBackup();
    if (this.queued) {
      this.queued = false;
      void this.send(false);
    }
  }

  private onFailed(error: unknown, names: readonly DraftFieldName[]): void {
    for (const name of names) this.dirty.add(name);
    this.queued = false;
    if (error instanceof ApiError && error.status === 409 && error.code === MailErrorCode.versionConflict) {
      this.onConflict(error);
      return;
    }
    if (error instanceof ApiError && (PERMANENT_STATUSES.has(error.status) || error.code === MailErrorCode.notDraft)) {
      this.setState({ kind: 'failed', message: error.message, code: error.code });
      return;
    }
    const delay = this.retryDelaysMs[Math.min(this.attempt, this.retryDelaysMs.length - 1)];
    this.attempt += 1;
    this.setState({ kind: 'retrying', message: error instanceof Error ? error.message : String(error) });
    if (this.disposed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.send(false);
    }, delay);
  }

  private onConflict(error: ApiError): void {
    const server = (error.details as { current?: Email } | undefined)?.current;
    if (!server || typeof server.version !== 'number') {
      this.setState({ kind: 'failed', message: error.message, code: error.code });
      return;
    }
    this.versionSeen = server.version;
    const fields = differingFields(fieldsOf(server), this.base);
    if (fields.length === 0 && this.silentRebases < MAX_SILENT_REBASES) {
      // Only the version moved (an attachment was added, say): nothing of ours is at stake.
      this.silentRebases += 1;
      this.base = fieldsOf(server);
      void this.send(false);
      return;
    }
    this.setState({ kind: 'conflict', fields: fields.length > 0 ? fields : [...this.dirty], server });
  }

  private writeBackup(): void {
    const unsaved = new Set([...this.dirty, ...this.sending]);
    if (unsaved.size === 0) this.options.backup?.clear();
    else this.options.backup?.write(this.versionSeen, pickFields(this.local, unsaved));
  }

  private setState(state: SaveState): void {
    this.current = state;
    this.options.onState(state);
  }
}
