/** A closable tab of the static panel (home is fixed and not stored). */
export interface Tab {
  /** Shell route the tab shows. */
  path: string;
  /** Title given by whoever opened it; email tabs are titled by the shell in the agent's language. */
  title?: string;
  /** Route the tab was opened from, so "back" returns there (C2, K5). */
  opener?: string;
}

/** The part of Web Storage the store needs. */
export type TabStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const HOME = '/';

function isTab(value: unknown): value is Tab {
  if (typeof value !== 'object' || value === null) return false;
  const { path, title, opener } = value as Record<string, unknown>;
  return (
    typeof path === 'string' &&
    path.startsWith('/') &&
    (title === undefined || typeof title === 'string') &&
    (opener === undefined || typeof opener === 'string')
  );
}

/**
 * The open tabs, kept in sessionStorage so a reload keeps them while another browser tab starts
 * with its own set.
 */
export class TabStore {
  private items: Tab[];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: TabStorage,
    private readonly key = 'sb:tabs',
  ) {
    this.items = this.read();
  }

  /** The open tabs, in the order they were opened. */
  get tabs(): readonly Tab[] {
    return this.items;
  }

  /** The tab showing `path`, if open. */
  find(path: string): Tab | undefined {
    return this.items.find((tab) => tab.path === path);
  }

  /** Opens a tab, or refreshes the title of the one already showing `path`. */
  open(tab: Tab): void {
    if (tab.path === HOME) return;
    const existing = this.find(tab.path);
    if (!existing) {
      this.items = [...this.items, { ...tab }];
    } else if (tab.title !== undefined && tab.title !== existing.title) {
      this.items = this.items.map((t) => (t === existing ? { ...t, title: tab.title } : t));
    } else {
      return;
    }
    this.changed();
  }

  /** Sets the title of an open tab. */
  rename(path: string, title: string): void {
    const existing = this.find(path);
    if (existing) this.open({ path, title });
  }

  /** Points the tab showing `from` at `to` (navigation inside a tab); opens `to` when `from` has no tab. */
  retarget(from: string, to: string, title?: string): void {
    const existing = this.find(from);
    if (!existing || this.find(to)) {
      this.open({ path: to, title });
      return;
    }
    this.items = this.items.map((t) => (t === existing ? { path: to, title, opener: t.opener } : t));
    this.changed();
  }

  /**
   * Closes the tab showing `path` and returns where to go if it was the active one: its opener
   * when still open, else the tab before it, else the one after, else home.
   */
  close(path: string): string {
    const index = this.items.findIndex((tab) => tab.path === path);
    if (index < 0) return HOME;
    const closed = this.items[index];
    this.items = this.items.filter((_, i) => i !== index);
    this.changed();
    if (closed.opener && (closed.opener === HOME || this.find(closed.opener))) return closed.opener;
    return (this.items[index - 1] ?? this.items[index])?.path ?? HOME;
  }

  /** Closes every tab, e.g. on logout. */
  clear(): void {
    this.items = [];
    this.storage.removeItem(this.key);
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(): void {
    this.storage.setItem(this.key, JSON.stringify(this.items));
    for (const listener of this.listeners) listener();
  }

  private read(): Tab[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isTab).filter((tab) => tab.path !== HOME) : [];
    } catch {
      return [];
    }
  }
}
