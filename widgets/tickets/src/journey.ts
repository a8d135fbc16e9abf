import type { HostApi } from '@switchboard/contracts';
import type { Translate } from '@switchboard/widget-sdk';
import type { MessageKey } from './messages';

/** Opens a contact's customer journey (K6, N4) in a new tab, titled with the contact's name when known. */
export function openJourney(host: HostApi, t: Translate<MessageKey>, contactId: string, contactName: string | null): void {
  host.openTab({
    path: `/contacts/${contactId}/journey`,
    title: contactName ? t('journeyTab', { name: contactName }) : t('customerJourney'),
  });
}
