import type { LayoutEntry, WidgetManifest } from '@switchboard/contracts';
import type { ParcelConfigObject } from 'single-spa';
import type { Federation } from './federation';
import { WidgetLoadError } from './widget-load-error';
import { remoteModuleId, validateManifest } from './widget-manifest';

/** Options of the widget loader. */
export interface WidgetLoaderOptions {
  /** The Module Federation runtime (a fake in unit tests). */
  federation: Federation;
  /** HTTP client for manifests. */
  fetch?: typeof fetch;
  /** Base for relative manifest URLs. */
  baseUrl?: string;
}

function isLifecycle(value: unknown): boolean {
  return typeof value === 'function' || (Array.isArray(value) && value.every((fn) => typeof fn === 'function'));
}

/** The parcel a remote module exports: its default export, or the module itself. */
export function toParcelConfig(module: unknown): ParcelConfigObject {
  const candidate =
    module !== null && typeof module === 'object' && 'default' in module ? (module as { default: unknown }).default : module;
  if (candidate === null || typeof candidate !== 'object') {
    throw new WidgetLoadError('not-a-parcel', 'The widget module does not export a parcel');
  }
  const { bootstrap, mount, unmount } = candidate as Record<string, unknown>;
  if (!isLifecycle(bootstrap) || !isLifecycle(mount) || !isLifecycle(unmount)) {
    throw new WidgetLoadError('not-a-parcel', 'The widget module does not export a parcel');
  }
  return candidate as ParcelConfigObject;
}

/**
 * Loads widgets at runtime: fetches and checks `widget.json`, registers the widget's Module
 * Federation remote and loads its exposed parcel. A remote that failed is registered afresh on
 * the next attempt, so Retry really refetches it.
 */
export class WidgetLoader {
  private readonly registered = new Map<string, string>();
  private readonly broken = new Set<string>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: WidgetLoaderOptions) {
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  /** Fetches and validates the manifest a layout entry points at. */
  async loadManifest(entry: LayoutEntry, signal?: AbortSignal): Promise<WidgetManifest> {
    const url = this.manifestUrl(entry);
    let response: Response;
    try {
      // no-cache revalidates, so a redeployed or rolled-back widget shows on the next load.
      response = await this.fetchImpl(url, { signal, cache: 'no-cache', credentials: 'omit' });
    } catch (error) {
      throw WidgetLoadError.wrap(error, 'manifest-unavailable');
    }
    if (!response.ok) {
      throw new WidgetLoadError('manifest-unavailable', `GET ${url} answered ${response.status}`, { detail: `HTTP ${response.status}` });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new WidgetLoadError('manifest-invalid', 'widget.json is not JSON', { detail: 'not JSON' });
    }
    return validateManifest(body, entry.widget);
  }

  /** Registers the widget's remote and loads the parcel it exposes. */
  async loadParcel(manifest: WidgetManifest, entry: LayoutEntry): Promise<ParcelConfigObject> {
    const manifestUrl = this.manifestUrl(entry);
    const remoteEntry = new URL(manifest.entry, manifestUrl);
    if (remoteEntry.origin !== new URL(manifestUrl).origin) {
      // The layout decides which origins code comes from; a manifest cannot send us elsewhere.
      const detail = `entry ${remoteEntry.origin} is not on the manifest's origin`;
      throw new WidgetLoadError('manifest-invalid', `Invalid widget manifest (${detail})`, { detail });
    }
    const name = manifest.federationName;
    const known = this.registered.get(name);
    if (known !== remoteEntry.href || this.broken.has(name)) {
      this.options.federation.registerRemotes([{ name, entry: remoteEntry.href }], { force: known !== undefined });
      this.registered.set(name, remoteEntry.href);
      this.broken.delete(name);
    }
    let module: unknown;
    try {
      module = await this.options.federation.loadRemote(remoteModuleId(manifest));
    } catch (error) {
      this.broken.add(name);
      throw WidgetLoadError.wrap(error, 'load');
    }
    if (module === null || module === undefined) {
      this.broken.add(name);
      throw new WidgetLoadError('load', `${remoteModuleId(manifest)} did not load`, { detail: 'empty module' });
    }
    return toParcelConfig(module);
  }

  /** Marks a widget's remote for fresh registration, e.g. after it timed out while loading. */
  forget(manifest: WidgetManifest): void {
    this.broken.add(manifest.federationName);
  }

  private manifestUrl(entry: LayoutEntry): string {
    return new URL(entry.manifestUrl, this.options.baseUrl ?? globalThis.location?.href).href;
  }
}
