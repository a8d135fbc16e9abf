import { loadContainerScript, type FederationContainer } from './container-script';
import { preloadScript } from './entry-preload';

/** A remote to register: its container name, the URL of its `remoteEntry.js` and that script's integrity. */
export interface RemoteRegistration {
  name: string;
  entry: string;
  /** `sha384-…` of the entry script; without it (a dev override) the script loads unchecked. */
  integrity?: string;
}

/** What the widget loader needs of Module Federation. */
export interface Federation {
  /** Adds remotes; `force` replaces one already registered (and its loaded container). */
  registerRemotes(remotes: RemoteRegistration[], options?: { force?: boolean }): void;
  /** Loads `<remote>/<exposed module>`. */
  loadRemote(id: string): Promise<unknown>;
  /** Starts downloading the entries of remotes about to load (those with an integrity), without running them. */
  preload(remotes: RemoteRegistration[]): void;
}

// webpack's sharing runtime in the shell's build (its ModuleFederationPlugin, decision 0020).
declare const __webpack_init_sharing__: (scope: string) => Promise<void>;
declare const __webpack_share_scopes__: Record<string, unknown>;

/**
 * A remote's globals: its container (`window[name]`) and webpack's chunk-loading array
 * (`webpackChunk<uniqueName>`, the preset's uniqueName is the federation name). A new version's
 * runtime would adopt every chunk the old version pushed there (same chunk ids, other code), so
 * both are dropped when a remote moves to another entry.
 */
function dropGlobals(name: string): void {
  const globals = globalThis as Record<string, unknown>;
  delete globals[name];
  delete globals[`webpackChunk${name}`];
}

/**
 * The shell's side of webpack's Module Federation: each widget's container is loaded by the URL
 * of its remoteEntry.js (with the integrity the registry recorded) only when a widget asks for
 * it, so one dead widget origin cannot stall the page, and initialised with the shell's share
 * scope, from which it takes Lit, single-spa, the SDK and the contracts. Registering a name again
 * is ignored unless `force`d (a new version of a widget in the same session, or a retry).
 */
export function initFederation(): Federation {
  const remotes = new Map<string, RemoteRegistration>();
  const containers = new Map<string, Promise<FederationContainer>>();

  const container = (name: string): Promise<FederationContainer> => {
    const known = containers.get(name);
    if (known) return known;
    const remote = remotes.get(name);
    if (!remote) return Promise.reject(new Error(`No remote ${name} is registered`));
    const loading = (async () => {
      const loaded = await loadContainerScript(remote.entry, name, remote.integrity);
      await __webpack_init_sharing__('default');
      await loaded.init(__webpack_share_scopes__.default);
      return loaded;
    })();
    containers.set(name, loading);
    // A failed load is forgotten, so the next attempt fetches the entry again.
    loading.catch(() => {
      if (containers.get(name) === loading) containers.delete(name);
    });
    return loading;
  };

  return {
    registerRemotes: (list, options) => {
      for (const remote of list) {
        const previous = remotes.get(remote.name);
        if (previous && !options?.force) continue;
        if (previous && previous.entry !== remote.entry) dropGlobals(remote.name);
        remotes.set(remote.name, remote);
        containers.delete(remote.name);
      }
    },
    loadRemote: async (id) => {
      const slash = id.indexOf('/');
      const factory = await (await container(id.slice(0, slash))).get(`./${id.slice(slash + 1)}`);
      return factory();
    },
    preload: (list) => {
      for (const { entry, integrity } of list) if (integrity) preloadScript(entry, integrity);
    },
  };
}
