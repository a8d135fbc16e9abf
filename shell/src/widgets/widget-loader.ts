import type { PageWidget, WidgetManifest } from '@switchboard/contracts';
import type { ParcelConfigObject } from 'single-spa';
import type { Federation } from './federation';
import { checkIntegrity } from './integrity';
import { toParcelConfig } from './parcel-config';
import { WidgetLoadError } from './widget-load-error';
import { remoteModuleId, validateManifest } from './widget-manifest';

/** Where a frame gets a widget from: the registry's page composition, or a developer's override. */
export type WidgetSource =
  | { kind: 'registry'; widget: PageWidget }
  | {
      kind: 'override';
      /** Registry name of the widget. */
      name: string;
      /** URL of the developer's `widget.json`. */
      manifestUrl: string;
      /** The widget's layout entry when it is also on the page (settings, mandatory). */
      widget?: PageWidget;
    };

/** A widget ready to load: its checked manifest and the remote entry script. */
export interface ResolvedWidget {
  manifest: WidgetManifest;
  /** Absolute URL of `remoteEntry.js`. */
  entryUrl: string;
  /** `sha384-…` of the entry; absent for an override (the developer's own build). */
  integrity?: string;
}

/** Options of the widget loader. */
export interface WidgetLoaderOptions {
  /** The Module Federation runtime (a fake in unit tests). */
  federation: Federation;
  /** HTTP client for manifests and integrity checks. */
  fetch?: typeof fetch;
  /** Base for relative manifest URLs. */
  baseUrl?: string;
  /** Reloads the document (default `location.reload()`), when a widget's new build replaces one it already runs. */
  reload?: () => void;
}

/** The registry name a source loads. */
export const sourceName = (source: WidgetSource): string => (source.kind === 'registry' ? source.widget.widget : source.name);

/** The part of mf-manifest.json that says where the remote entry is. */
interface FederationManifest {
  metaData: { remoteEntry: { name: string; path: string }; publicPath?: string };
}

function isFederationManifest(value: unknown): value is FederationManifest {
  const meta = (value as { metaData?: { remoteEntry?: { name?: unknown; path?: unknown }; publicPath?: unknown } } | null)?.metaData;
  return typeof meta?.remoteEntry?.name === 'string' && meta.remoteEntry.name !== '' && typeof meta.remoteEntry.path === 'string';
}

/** The entry script of a federation manifest: `path` + `name`, under an absolute publicPath or beside the manifest. */
function remoteEntryUrl(manifest: FederationManifest, manifestUrl: string): URL {
  const { path, name } = manifest.metaData.remoteEntry;
  const folder = path.replace(/^\.?\/+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
  const relative = folder ? `${folder}/${name}` : name;
  const publicPath = manifest.metaData.publicPath;
  return new URL(relative, publicPath && /^https?:\/\//.test(publicPath) ? publicPath : manifestUrl);
}

function invalid(detail: string): WidgetLoadError {
  return new WidgetLoadError('manifest-invalid', `Invalid widget manifest (${detail})`, { detail });
}

/**
 * Loads widgets at runtime. A registry widget comes with its manifest, entry URL and integrity
 * (one composition request per page); an override is read from the developer's `widget.json` and
 * the Module Federation manifest it names. The remote is registered with its integrity and its
 * exposed parcel loaded; a remote that failed is registered afresh on the next attempt, so Retry
 * really refetches it.
 */
export class WidgetLoader {
  private readonly registered = new Map<string, string>();
  /** Remotes whose code runs in this document, by federation name: the entry it came from. */
  private readonly running = new Map<string, string>();
  private readonly broken = new Set<string>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: WidgetLoaderOptions) {
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  /** Checks the manifest (schema, name, host-contract major) and finds the entry script. */
  async resolve(source: WidgetSource, signal?: AbortSignal): Promise<ResolvedWidget> {
    if (source.kind === 'registry') {
      const { widget } = source;
      return { manifest: validateManifest(widget.manifest, widget.widget), entryUrl: widget.entryUrl, integrity: widget.integrity };
    }
    const manifestUrl = this.absolute(source.manifestUrl);
    const manifest = validateManifest(await this.fetchJson(manifestUrl, signal), source.name);
    const federationUrl = new URL(manifest.entry, manifestUrl);
    const origin = new URL(manifestUrl).origin;
    // The override names the origin code comes from; a manifest cannot send us elsewhere.
    if (federationUrl.origin !== origin) throw invalid(`entry ${federationUrl.origin} is not on the manifest's origin`);
    const federation = await this.fetchJson(federationUrl.href, signal);
    if (!isFederationManifest(federation)) throw invalid(`${federationUrl.pathname} is not a Module Federation manifest`);
    const entry = remoteEntryUrl(federation, federationUrl.href);
    if (entry.origin !== origin) throw invalid(`entry ${entry.origin} is not on the manifest's origin`);
    return { manifest, entryUrl: entry.href };
  }

  /**
   * Registers the widget's remote (with its integrity) and loads the parcel it exposes. A
   * document can run one build of a remote only (its custom elements stay defined), so when the
   * page asks for another build of one already running (activated or rolled back since, or an
   * override cleared) the document reloads and this never settles.
   */
  async loadParcel(widget: ResolvedWidget): Promise<ParcelConfigObject> {
    const { manifest, entryUrl, integrity } = widget;
    const name = manifest.federationName;
    const running = this.running.get(name);
    if (running !== undefined && running !== entryUrl) {
      console.warn(`Widget ${manifest.name} changed from ${running} to ${entryUrl}: reloading the page`);
      (this.options.reload ?? (() => location.reload()))();
      return new Promise<never>(() => undefined);
    }
    const known = this.registered.get(name);
    if (known !== entryUrl || this.broken.has(name)) {
      this.options.federation.registerRemotes([{ name, entry: entryUrl, integrity }], { force: known !== undefined });
      this.registered.set(name, entryUrl);
      this.broken.delete(name);
    }
    let module: unknown;
    try {
      module = await this.options.federation.loadRemote(remoteModuleId(manifest));
    } catch (error) {
      this.broken.add(name);
      if (integrity && (await checkIntegrity(entryUrl, integrity, this.fetchImpl)) === 'mismatch') {
        throw new WidgetLoadError('integrity', `${entryUrl} does not match its integrity ${integrity}`);
      }
      throw WidgetLoadError.wrap(error, 'load');
    }
    if (module === null || module === undefined) {
      this.broken.add(name);
      throw new WidgetLoadError('load', `${remoteModuleId(manifest)} did not load`, { detail: 'empty module' });
    }
    this.running.set(name, entryUrl);
    return toParcelConfig(module);
  }

  /** Starts downloading the entries of registry widgets the page is about to mount (see `widgetsToPreload`). */
  preload(widgets: readonly PageWidget[]): void {
    this.options.federation.preload(widgets.map((w) => ({ name: w.manifest.federationName, entry: w.entryUrl, integrity: w.integrity })));
  }

  /** Marks a widget's remote for fresh registration, e.g. after it timed out while loading. */
  forget(manifest: WidgetManifest): void {
    this.broken.add(manifest.federationName);
  }

  private async fetchJson(url: string, signal?: AbortSignal): Promise<unknown> {
    let response: Response;
    try {
      // no-store: a developer's rebuild shows on the next load.
      response = await this.fetchImpl(url, { signal, cache: 'no-store', credentials: 'omit' });
    } catch (error) {
      throw WidgetLoadError.wrap(error, 'manifest-unavailable');
    }
    if (!response.ok) {
      throw new WidgetLoadError('manifest-unavailable', `GET ${url} answered ${response.status}`, { detail: `HTTP ${response.status}` });
    }
    try {
      return await response.json();
    } catch {
      throw new WidgetLoadError('manifest-invalid', `${url} is not JSON`, { detail: 'not JSON' });
    }
  }

  private absolute(url: string): string {
    return new URL(url, this.options.baseUrl ?? globalThis.location?.href).href;
  }
}
