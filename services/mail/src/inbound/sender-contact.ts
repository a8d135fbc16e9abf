import { crmApi, routePath, type ContactMatch, type PairedContact } from '@switchboard/contracts';
import { serviceUrl } from '@switchboard/service-kit';
import type { ServiceEndpoint } from '../macros/service-call';

/** Finds the CRM contact of a received email's sender (issue 13, C6, C9). */
export interface SenderContacts {
  /**
   * The only contact with this address, to pair a new ticket with; null when there are none (an
   * unknown sender, C9) or several (the agent chooses in the Contacts widget, C6). Throws when
   * CRM could not be asked.
   */
  match(address: string): Promise<PairedContact | null>;
}

/** Longest wait for CRM, in ms: filing a message waits for it. */
const TIMEOUT_MS = 5000;

/** Matches senders through CRM's GET /contacts/match, with mail's service tokens. */
export function createSenderContacts(crm: ServiceEndpoint): SenderContacts {
  return {
    async match(address) {
      const url = serviceUrl(crm.baseUrl, routePath(crmApi.matchContacts));
      url.searchParams.set('email', address);
      const response = await fetch(url, { headers: { authorization: `Bearer ${await crm.getToken()}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) throw new Error(`GET /contacts/match answered ${response.status}`);
      const { items } = (await response.json()) as ContactMatch;
      const [only] = items;
      if (!only || items.length > 1) return null;
      return { contactId: only.id, contactName: only.name, companyId: only.company?.id ?? null, companyName: only.company?.name ?? null };
    },
  };
}
