import type { MailAddress } from '@switchboard/contracts';
import { invalidRecipient } from '../errors';

/** The `email` format of the API schemas (ajv-formats), so stored and sent addresses obey one rule. */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const LINE_BREAK = /[\r\n]/;

/** Why one address may not go into a header, or null when it may. */
export function addressProblem(address: MailAddress): string | null {
  if (LINE_BREAK.test(address.address) || (address.name !== undefined && LINE_BREAK.test(address.name))) {
    return 'contains a line break';
  }
  if (address.address.length > 254 || !EMAIL.test(address.address)) return 'is not an email address';
  if (address.name !== undefined && address.name.length > 200) return 'has a display name over 200 characters';
  return null;
}

/**
 * Checks every recipient again on the server before a send (the stored copy, not the request):
 * 400 VALIDATION_FAILED naming the first bad one.
 */
export function assertSendableRecipients(recipients: { to: MailAddress[]; cc: MailAddress[]; bcc: MailAddress[] }): void {
  for (const field of ['to', 'cc', 'bcc'] as const) {
    recipients[field].forEach((address, index) => {
      const problem = addressProblem(address);
      if (problem) throw invalidRecipient(field, index, problem);
    });
  }
}

/** True when the text could not go into a header unchanged. */
export const hasLineBreak = (text: string) => LINE_BREAK.test(text);
