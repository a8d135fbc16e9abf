// What the bench puts into each page before its scripts run (as a string, through the DevTools
// protocol): wall-clock times (performance.timeOrigin + now, one clock on one machine) at which
// each edit token `w<i>x` first shows in the page's message body, at which the page's autosave
// PATCH carrying it was answered, and at which BroadcastChannel pings arrive.

/** Times in ms since the epoch, by token number. */
export interface ProbeTimes {
  seen: Record<string, number>;
  saved: Record<string, number>;
  pings: Record<string, number>;
}

declare global {
  interface Window {
    __tabSync: ProbeTimes;
  }
}

/** Installed with `addInitScript`; runs in the page. */
export function installProbe(): void {
  const now = () => performance.timeOrigin + performance.now();
  const times: ProbeTimes = { seen: {}, saved: {}, pings: {} };
  window.__tabSync = times;
  const TOKEN = /w(\d+)x/g;
  const record = (into: Record<string, number>, text: string, at: number) => {
    for (const match of text.matchAll(TOKEN)) if (!(match[1]! in into)) into[match[1]!] = at;
  };

  /** The ProseMirror body of the Email widget, through the shadow roots. */
  const findEditor = (root: Document | ShadowRoot): Element | null => {
    const direct = root.querySelector('.ProseMirror');
    if (direct) return direct;
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) {
        const found = findEditor(element.shadowRoot);
        if (found) return found;
      }
    }
    return null;
  };
  let watched: Element | null = null;
  const observer = new MutationObserver(() => watched && record(times.seen, watched.textContent ?? '', now()));
  setInterval(() => {
    if (watched?.isConnected) return;
    watched = findEditor(document);
    if (!watched) return;
    observer.disconnect();
    observer.observe(watched, { subtree: true, childList: true, characterData: true });
    record(times.seen, watched.textContent ?? '', now());
  }, 50);

  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await originalFetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (init?.method === 'PATCH' && url.includes('/api/mail/emails/') && typeof init.body === 'string') {
      const at = now();
      try {
        record(times.saved, String((JSON.parse(init.body) as { html?: string }).html ?? ''), at);
      } catch {
        // Not JSON: not an autosave.
      }
    }
    return response;
  };

  new BroadcastChannel('tab-sync-bench').addEventListener('message', (event: MessageEvent<{ id: number }>) => {
    times.pings[event.data.id] = now();
  });
}
