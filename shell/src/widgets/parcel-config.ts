import type { ParcelConfigObject } from 'single-spa';
import { WidgetLoadError } from './widget-load-error';

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
