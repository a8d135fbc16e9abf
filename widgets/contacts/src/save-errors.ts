import { CrmErrorCode } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';

/** Why a save of a CRM record failed, as a form shows it. */
export type SaveFailure<T> =
  /** 409: someone saved a newer version; `current` is theirs (C3, as drafts do). */
  | { kind: 'conflict'; current: T }
  /** 400 with a field: the service's code and the offending value, shown beside the field. */
  | { kind: 'field'; field: string; code: string; value: string; message: string }
  /** Anything else: shown above the buttons. */
  | { kind: 'other'; error: unknown };

interface FieldDetails {
  field?: unknown;
  value?: unknown;
  current?: unknown;
}

/**
 * Sorts a failed save: a version conflict with the server's copy, a field the service refused
 * (`details.field` such as `emails/1/address` names the form field `emails`), or another error.
 */
export function saveFailure<T>(error: unknown): SaveFailure<T> {
  if (error instanceof ApiError) {
    const details = (error.details ?? {}) as FieldDetails;
    if (error.status === 409 && error.code === CrmErrorCode.versionConflict && details.current) {
      return { kind: 'conflict', current: details.current as T };
    }
    if (error.status === 400 && typeof details.field === 'string') {
      const field = details.field.replace(/^\//, '').split('/')[0] ?? '';
      return { kind: 'field', field, code: error.code, value: String(details.value ?? ''), message: error.message };
    }
  }
  return { kind: 'other', error };
}

/** Lines of a textarea, trimmed, blank ones dropped. */
export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
