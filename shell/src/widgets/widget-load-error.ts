import type { WidgetManifest } from '@switchboard/contracts';

/** Why a widget could not be shown; the frame turns each kind into a translated reason. */
export type WidgetFailureKind =
  | 'manifest-unavailable'
  | 'manifest-invalid'
  | 'contract'
  | 'load'
  | 'integrity'
  | 'not-a-parcel'
  | 'mount'
  | 'timeout';

/** A widget failed to load or mount; `params` fill the translated reason. */
export class WidgetLoadError extends Error {
  constructor(
    /** What went wrong. */
    readonly kind: WidgetFailureKind,
    message: string,
    /** Values for the reason's placeholders, e.g. the HTTP status or the contract versions. */
    readonly params: Record<string, string | number> = {},
    /** The manifest, when it was valid but refused (e.g. another contract major), for the frame's title. */
    readonly manifest?: WidgetManifest,
  ) {
    super(message);
    this.name = 'WidgetLoadError';
  }

  /** Wraps any thrown value as the given kind, keeping a WidgetLoadError as it is. */
  static wrap(error: unknown, kind: WidgetFailureKind): WidgetLoadError {
    if (error instanceof WidgetLoadError) return error;
    const raw = error instanceof Error ? error.message : String(error);
    // single-spa prefixes lifecycle errors with "parcel 'parcel-3' died in status MOUNTING: ".
    const message = raw.replace(/^.*? died in status \w+: /, '');
    return new WidgetLoadError(kind, message, { detail: message });
  }
}
