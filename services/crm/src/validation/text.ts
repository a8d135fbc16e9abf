import { CommonErrorCode } from '@switchboard/contracts';
import { badRequest } from '@switchboard/service-kit';

/** The text trimmed; 400 VALIDATION_FAILED when nothing but spaces is left of it. */
export function requiredText(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badRequest(CommonErrorCode.validation, `Invalid body: ${field} must not be blank`, { path: field });
  return trimmed;
}
