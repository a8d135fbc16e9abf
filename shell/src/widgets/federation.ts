import { init, loadRemote, registerRemotes, type ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';
import { preloadScript } from './entry-preload';

/** A remote to register: its container name, the URL of its `remoteEntry.js` and that script's integrity. */
export interface RemoteRegistration {
  name: string;
  entry: string;
  /** `sha384-…` of the entry script; without it (a dev override) the script loads unchecked. */
  integrity?: string;
}

/** The two Module Federation runtime calls the widget loader needs. */
export interface Federation {
  /** Adds remotes; `force` replaces one already registered (and its cached entry). */
  registerRemotes(remotes: RemoteRegistration[], options?: { force?: boolean }): void;
  /** Loads `<remote>/<exposed module>`. */
  loadRemote(id: string): Promise<unknown>;
  /** Starts downloading the entries of remotes about to load (those with an integrity), without running them. */
  preload(remotes: RemoteRegistration[]): void;
}

/**
 * A runtime plugin that creates every remote entry script with the integrity the registry
 * recorded and `crossorigin=anonymous` (SRI needs CORS), so a remote entry whose bytes differ
 * from the published ones is never executed. Scripts without a known integrity are left alone.
 */
export function integrityPlugin(integrityOf: (url: string) => string | undefined): ModuleFederationRuntimePlugin {
  return {
    name: 'switchboard-integrity',
    createScript({ url }) {
      const integrity = integrityOf(url);
      if (!integrity) return undefined;
      const script = document.createElement('script');
      script.src = url;
      script.integrity = integrity;
      script.crossOrigin = 'anonymous';
      return { script };
    },
  };
}

/**
 * Webpack's chunk-loading array of a remote (`webpackChunk<uniqueName>`, the preset's uniqueName
 * is the federation name). A new version's runtime would adopt every chunk the old version pushed
 * there (same chunk ids, other code), so it is dropped when a remote moves to another entry.
 */
function dropChunkGlobal(name: string): void {
  delete (globalThis as Record<string, unknown>)[`webpackChunk${name}`];
}

/**
 * Joins the runtime instance the webpack plugin created for the shell (same name), switches it
 * to load remotes on demand (one dead widget origin cannot stall the page) and adds the
 * integrity plugin. The runtime keys remotes by name: registering a name again without `force`
 * is ignored, so a new version of a widget in the same session is registered with `force`.
 */
export function initFederation(): Federation {
  const integrities = new Map<string, string>();
  const entries = new Map<string, string>();
  init({
    name: 'switchboard_shell',
    remotes: [],
    shareStrategy: 'loaded-first',
    plugins: [integrityPlugin((url) => integrities.get(url))],
  });
  return {
    registerRemotes: (remotes, options) => {
      for (const remote of remotes) {
        if (remote.integrity) integrities.set(remote.entry, remote.integrity);
        else integrities.delete(remote.entry);
        const previous = entries.get(remote.name);
        if (previous !== undefined && previous !== remote.entry) dropChunkGlobal(remote.name);
        entries.set(remote.name, remote.entry);
      }
      registerRemotes(
        remotes.map(({ name, entry }) => ({ name, entry })),
        options,
      );
    },
    loadRemote: (id) => loadRemote(id),
    preload: (remotes) => {
      for (const { entry, integrity } of remotes) if (integrity) preloadScript(entry, integrity);
    },
  };
}
