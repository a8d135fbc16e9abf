import type { LoadFailureBody } from '@switchboard/contracts';
import type { WidgetFailureKind } from './widget-load-error';

/** The registry's failure kind for each way a widget can fail to load here. */
const KINDS: Record<WidgetFailureKind, LoadFailureBody['kind']> = {
  'manifest-unavailable': 'manifest',
  'manifest-invalid': 'manifest',
  contract: 'contract',
  integrity: 'integrity',
  timeout: 'timeout',
  load: 'mount',
  'not-a-parcel': 'mount',
  mount: 'mount',
};

/** Longest reason sent (the registry takes 500 characters). */
const MAX_REASON = 300;

/** The report body for a load failure, or for an error the widget threw while in use (`runtime`). */
export function failureReport(kind: WidgetFailureKind | 'runtime', message: string): LoadFailureBody {
  const reason = message.trim() || 'no details';
  return {
    kind: kind === 'runtime' ? 'runtime' : KINDS[kind],
    reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason,
  };
}
