/** What the widget remembers for an agent in this browser: their own address and the frame's height. */
export interface AgentPrefs {
  /** The address the agent typed, over the layout's; null when they use the layout's. */
  url: string | null;
  /** The layout's address when they typed theirs: a new one in the layout (the layout editor's) replaces what they typed. */
  over: string;
  /** The frame's height in CSS pixels. */
  height: number;
}

/** Height of the frame until the agent changes it. */
export const DEFAULT_HEIGHT = 420;
/** The frame's height stays between these. */
export const MIN_HEIGHT = 160;
export const MAX_HEIGHT = 2000;

const key = (userId: string) => `sb.page-in-page.${userId}`;

/** Reads an agent's preferences; anything unreadable gives the defaults. */
export function loadPrefs(storage: Storage, userId: string): AgentPrefs {
  try {
    const stored = JSON.parse(storage.getItem(key(userId)) ?? '{}') as Partial<AgentPrefs>;
    return {
      url: typeof stored.url === 'string' ? stored.url : null,
      over: typeof stored.over === 'string' ? stored.over : '',
      height: typeof stored.height === 'number' ? clampHeight(stored.height) : DEFAULT_HEIGHT,
    };
  } catch {
    return { url: null, over: '', height: DEFAULT_HEIGHT };
  }
}

/** Stores an agent's preferences. */
export function savePrefs(storage: Storage, userId: string, prefs: AgentPrefs): void {
  storage.setItem(key(userId), JSON.stringify(prefs));
}

/** A height within the bounds, in whole pixels. */
export function clampHeight(height: number): number {
  return Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height)));
}
