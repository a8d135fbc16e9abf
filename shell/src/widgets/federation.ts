import { init, loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';

/** The two Module Federation runtime calls the widget loader needs. */
export interface Federation {
  /** Adds remotes; `force` replaces one already registered (and its cached entry). */
  registerRemotes(remotes: Array<{ name: string; entry: string }>, options?: { force?: boolean }): void;
  /** Loads `<remote>/<exposed module>`. */
  loadRemote(id: string): Promise<unknown>;
}

/**
 * Joins the runtime instance the webpack plugin created for the shell (same name) and switches
 * it to load remotes on demand, so one dead widget origin cannot stall the page.
 */
export function initFederation(): Federation {
  init({ name: 'switchboard_shell', remotes: [], shareStrategy: 'loaded-first' });
  return {
    registerRemotes: (remotes, options) => registerRemotes(remotes, options),
    loadRemote: (id) => loadRemote(id),
  };
}
