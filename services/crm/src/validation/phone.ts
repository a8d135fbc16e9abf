import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Numbers typed without a country code are Czech. */
export const DEFAULT_PHONE_REGION = 'CZ';

/** The number in E.164 (`602 123 456` → `+420602123456`); null when it is no valid number. */
export function normalizePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), { defaultCountry: DEFAULT_PHONE_REGION });
  return parsed?.isValid() ? parsed.number : null;
}
