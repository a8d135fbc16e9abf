import type { DraftFields } from './draft-fields';

/** Unsaved edits of one draft, as kept in the tab's sessionStorage. */
export interface DraftBackupData {
  /** The server version the edits were made on. */
  version: number;
  /** When they were written (ms since the epoch). */
  savedAt: number;
  /** The fields the server has not confirmed yet. */
  fields: Partial<DraftFields>;
}

const PREFIX = 'sb-email-draft:';

/**
 * A copy of a draft's unsaved edits in sessionStorage, keyed by email id, so a crash or a reload
 * loses nothing (E5). Storage that is full or disabled is ignored: the server copy still counts.
 */
export class DraftBackup {
  constructor(
    private readonly emailId: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined = globalThis.sessionStorage,
  ) {}

  private get key(): string {
    return `${PREFIX}${this.emailId}`;
  }

  /** The stored edits, if any and readable. */
  read(): DraftBackupData | undefined {
    try {
      const raw = this.storage?.getItem(this.key);
      if (!raw) return undefined;
      const data = JSON.parse(raw) as DraftBackupData;
      return typeof data?.version === 'number' && data.fields && typeof data.fields === 'object' ? data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores the unsaved edits made on `version`. */
  write(version: number, fields: Partial<DraftFields>): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify({ version, savedAt: Date.now(), fields } satisfies DraftBackupData));
    } catch {
      // Quota exceeded or storage disabled: the autosave still runs.
    }
  }

  /** Forgets the edits once the server has them. */
  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // Storage disabled: nothing was kept.
    }
  }
}
