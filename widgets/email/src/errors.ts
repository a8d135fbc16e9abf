import type { Translate } from '@switchboard/widget-sdk';
import type { MessageKey } from './messages';

/** The message of a failed call: the service's own text for an ApiError, else a generic one. */
export function errorMessage(error: unknown, t: Translate<MessageKey>): string {
  return error instanceof Error && error.message ? error.message : t('unknownError');
}
