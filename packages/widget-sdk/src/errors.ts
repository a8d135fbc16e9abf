import type { Translate } from './i18n';

/**
 * The message of a failed call for the agent: the error's own text (for an `ApiError`, the
 * service's message), else the widget's `unknownError` message.
 */
export function errorMessage(error: unknown, t: Translate<'unknownError'>): string {
  return error instanceof Error && error.message ? error.message : t('unknownError');
}
