import { createHash } from 'node:crypto';

/** The namespace of send-ticket ids (a random UUID fixed here once). */
const SEND_TICKET_NAMESPACE = Buffer.from('6f1c2e0a9b7d4c5e8a3f2d1b0c9e8f7a', 'hex');

/**
 * The id of the ticket a send of this email creates when it has none (M1): the same for every
 * attempt, so a create repeated after a lost answer answers the ticket the first made instead of
 * making a second (a name-based UUID, version 5 of RFC 9562).
 */
export function sendTicketId(emailId: string): string {
  const bytes = createHash('sha1').update(SEND_TICKET_NAMESPACE).update(emailId).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
