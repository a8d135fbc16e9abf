/** localStorage key of the dev overrides (docs/integrators.md): `{ "<name>": "<url of widget.json>" }`. */
export const OVERRIDES_KEY = 'sb:widget-overrides';
/** Query parameter that sets (`?override=<name>=<url>`) or clears (`?override=<name>=`) one. */
export const OVERRIDE_PARAM = 'override';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** One `override` parameter, parsed: a widget name and the URL of its widget.json, or null to clear. */
export interface OverrideRequest {
  name: string;
  url: string | null;
}

/**
 * Parses `<name>=<url>` (or `<name>=` to clear); the URL must be absolute http(s). Anything else
 * is refused with a reason.
 */
export function parseOverride(value: string): OverrideRequest | { error: string } {
  const at = value.indexOf('=');
  if (at < 0) return { error: `"${value}" is not <name>=<url of widget.json>` };
  const name = value.slice(0, at).trim();
  const url = value.slice(at + 1).trim();
  if (!NAME.test(name)) return { error: `"${name}" is not a widget name` };
  if (url === '') return { name, url: null };
  if (!isHttpUrl(url)) return { error: `"${url}" is not an http(s) URL` };
  return { name, url };
}

/**
 * The dev overrides of this browser: a developer points one widget at their own build
 * (`npm run dev` of the widget), and only this browser loads it from there, without integrity
 * checks. Kept in localStorage, so it survives reloads until cleared.
 */
export class WidgetOverrides {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {}

  /** Every override, by widget name; a damaged entry reads as none. */
  all(): Record<string, string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.storage.getItem(OVERRIDES_KEY) ?? '{}');
    } catch {
      return {};
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => NAME.test(entry[0]) && typeof entry[1] === 'string' && isHttpUrl(entry[1])),
    );
  }

  /** The URL of the widget.json that replaces `name`, if any. */
  get(name: string): string | undefined {
    return this.all()[name];
  }

  /** Points `name` at `url`, or removes its override when `url` is null. */
  set(name: string, url: string | null): void {
    const next = this.all();
    if (url === null) delete next[name];
    else next[name] = url;
    try {
      if (Object.keys(next).length === 0) this.storage.removeItem(OVERRIDES_KEY);
      else this.storage.setItem(OVERRIDES_KEY, JSON.stringify(next));
    } catch (error) {
      console.warn('Widget overrides could not be saved', error);
    }
  }

  /**
   * Applies every `override` parameter of a query string and answers the query without them
   * (for `history.replaceState`), or null when it had none. Bad values are warned about and skipped.
   */
  applyQuery(search: string): string | null {
    const params = new URLSearchParams(search);
    const values = params.getAll(OVERRIDE_PARAM);
    if (values.length === 0) return null;
    for (const value of values) {
      const request = parseOverride(value);
      if ('error' in request) console.warn(`Widget override ignored: ${request.error}`);
      else this.set(request.name, request.url);
    }
    params.delete(OVERRIDE_PARAM);
    const rest = params.toString();
    return rest ? `?${rest}` : '';
  }
}
