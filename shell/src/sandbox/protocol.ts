import { ServiceAudience, type WidgetAudience, type WidgetContext } from '@switchboard/contracts';

/**
 * The postMessage bridge between the shell and an untrusted widget in its sandboxed iframe.
 *
 * 1. The bridge client in the iframe posts `sb:ready` to `window.parent`, addressed to the
 *    shell's origin (named in the bootstrap document).
 * 2. The shell accepts it only from that iframe's window with the opaque origin `"null"`, and
 *    answers with `sb:init` plus a transferred MessagePort. An opaque origin cannot be named
 *    as a target, so this one message goes with `'*'`, but to the iframe's own window object,
 *    whose document is the bootstrap the shell wrote; it carries nothing the widget is not given
 *    anyway. The client accepts `sb:init` only from `window.parent` with the shell's origin, once.
 * 3. Everything else goes over the port, which only the shell and that iframe hold.
 */
export const READY = 'sb:ready';
export const INIT = 'sb:init';

/** What the iframe needs to load and mount the widget. */
export interface SandboxInit {
  type: typeof INIT;
  /** Registry name, for messages. */
  name: string;
  /** Absolute URL of the widget's `remoteEntry.js`. */
  entryUrl: string;
  /** `sha384-…` the entry must match; absent for a dev override. */
  integrity?: string;
  federationName: string;
  exposedModule: string;
  contractVersion: string;
  /** Absolute base URL of the widget's service, `''` without one. */
  serviceUrl: string;
  /** Absolute base URL of each service the manifest declares. */
  serviceUrls?: Record<string, string>;
  context: WidgetContext;
  settings: Record<string, unknown>;
}

/** Ways the iframe can fail to start the widget. */
export type SandboxFailureKind = 'load' | 'integrity' | 'not-a-parcel' | 'mount';

/** Messages from the iframe to the shell, over the port. */
export type FromSandbox =
  | { type: 'mounted' }
  | { type: 'failed'; kind: SandboxFailureKind; message: string }
  | { type: 'height'; height: number }
  | { type: 'getToken'; id: number; audience?: ServiceAudience | WidgetAudience }
  | { type: 'openTab'; path: string; title: string; background: boolean }
  | { type: 'navigate'; path: string }
  | { type: 'emit'; event: string; payload: unknown }
  | { type: 'subscribe'; event: string }
  | { type: 'unsubscribe'; event: string }
  | { type: 'error'; message: string };

/** Messages from the shell to the iframe, over the port. */
export type ToSandbox =
  | { type: 'event'; event: string; payload: unknown; context: WidgetContext }
  | { type: 'token'; id: number; token?: string; error?: string }
  /** The layout item's settings changed: the mounted widget gets them without a reload. */
  | { type: 'settings'; settings: Record<string, unknown> };

const FAILURE_KINDS = new Set<string>(['load', 'integrity', 'not-a-parcel', 'mount']);
const MAX_TEXT = 2000;

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => value !== null && typeof value === 'object' && !Array.isArray(value);
const isText = (value: unknown, max = MAX_TEXT): value is string => typeof value === 'string' && value.length <= max;
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const WIDGET_AUDIENCE = /^widget:[a-z][a-z0-9-]{0,62}$/;
/** A platform service, or a widget's backend (which one the widget may have, the host API decides). */
const isAudience = (value: unknown): value is ServiceAudience | WidgetAudience =>
  (ServiceAudience as readonly unknown[]).includes(value) || (typeof value === 'string' && WIDGET_AUDIENCE.test(value));
const isEventName = (value: unknown): value is string => isText(value, 64) && value !== '';

/**
 * Reads a message from the iframe: the widget's code runs there, so every field is checked and
 * anything unexpected is dropped (null).
 */
export function parseFromSandbox(data: unknown): FromSandbox | null {
  if (!isObject(data)) return null;
  switch (data.type) {
    case 'mounted':
      return { type: 'mounted' };
    case 'failed':
      return typeof data.kind === 'string' && FAILURE_KINDS.has(data.kind) && isText(data.message)
        ? { type: 'failed', kind: data.kind as SandboxFailureKind, message: data.message }
        : null;
    case 'height':
      return typeof data.height === 'number' && Number.isFinite(data.height) ? { type: 'height', height: data.height } : null;
    case 'getToken':
      if (!isId(data.id)) return null;
      if (data.audience === undefined) return { type: 'getToken', id: data.id };
      return isAudience(data.audience) ? { type: 'getToken', id: data.id, audience: data.audience } : null;
    case 'openTab':
      return isText(data.path) && isText(data.title, 200) ? { type: 'openTab', path: data.path, title: data.title, background: data.background === true } : null;
    case 'navigate':
      return isText(data.path) ? { type: 'navigate', path: data.path } : null;
    case 'emit':
      return isEventName(data.event) ? { type: 'emit', event: data.event, payload: data.payload } : null;
    case 'subscribe':
    case 'unsubscribe':
      return isEventName(data.event) ? { type: data.type, event: data.event } : null;
    case 'error':
      return isText(data.message) ? { type: 'error', message: data.message } : null;
    default:
      return null;
  }
}

/** Reads the init message in the iframe; null when it is not one. */
export function parseInit(data: unknown): SandboxInit | null {
  if (!isObject(data) || data.type !== INIT) return null;
  const { name, entryUrl, integrity, federationName, exposedModule, contractVersion, serviceUrl, serviceUrls, context, settings } = data;
  const ok =
    isText(name) &&
    isText(entryUrl) &&
    (integrity === undefined || isText(integrity)) &&
    isText(federationName) &&
    isText(exposedModule) &&
    isText(contractVersion) &&
    isText(serviceUrl) &&
    (serviceUrls === undefined || (isObject(serviceUrls) && Object.values(serviceUrls).every((url) => isText(url)))) &&
    isObject(context) &&
    isObject(settings);
  return ok ? (data as unknown as SandboxInit) : null;
}

/** Reads a message from the shell in the iframe; null when it is not one. */
export function parseToSandbox(data: unknown): ToSandbox | null {
  if (!isObject(data)) return null;
  if (data.type === 'event' && isEventName(data.event) && isObject(data.context)) {
    return { type: 'event', event: data.event, payload: data.payload, context: data.context as unknown as WidgetContext };
  }
  if (data.type === 'settings' && isObject(data.settings)) return { type: 'settings', settings: data.settings };
  if (data.type === 'token' && isId(data.id)) {
    return {
      type: 'token',
      id: data.id,
      ...(typeof data.token === 'string' ? { token: data.token } : {}),
      ...(typeof data.error === 'string' ? { error: data.error } : {}),
    };
  }
  return null;
}
