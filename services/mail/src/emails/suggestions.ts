import type { MailAddress, RecipientSuggestions } from '@switchboard/contracts';

/** The parts of a thread email that suggestions are made from. */
export interface SuggestionSource {
  direction: 'inbound' | 'outbound';
  contactId: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
}

/** The contact's own address on an email paired with them: the sender of an inbound one, the first To of an outbound one (M3). */
const contactAddress = (email: SuggestionSource) => (email.direction === 'inbound' ? email.from : (email.to[0] ?? null));

/**
 * Addresses for the recipient buttons (E3): everyone on the ticket's earlier emails, once each
 * (case-insensitively, the first display name seen wins). Addresses of the contact come first
 * with reason `contact`; our own queue addresses (lower-cased in `ownAddresses`) never appear.
 */
export function recipientSuggestions(
  emails: SuggestionSource[],
  contactId: string | null,
  ownAddresses: Set<string>,
): RecipientSuggestions {
  const contactKeys = new Set<string>();
  if (contactId) {
    for (const email of emails) {
      const address = email.contactId === contactId ? contactAddress(email) : null;
      if (address) contactKeys.add(address.address.toLowerCase());
    }
  }
  const found = new Map<string, MailAddress>();
  for (const email of emails) {
    for (const address of [...(email.from ? [email.from] : []), ...email.to, ...email.cc]) {
      const key = address.address.toLowerCase();
      if (ownAddresses.has(key)) continue;
      const known = found.get(key);
      if (!known) found.set(key, { ...address });
      else if (!known.name && address.name) known.name = address.name;
    }
  }
  const items = [...found.entries()].map(([key, address]) => ({
    ...address,
    reason: contactKeys.has(key) ? ('contact' as const) : ('correspondent' as const),
  }));
  return { items: [...items.filter((i) => i.reason === 'contact'), ...items.filter((i) => i.reason === 'correspondent')] };
}
