import type { Translate } from '@switchboard/widget-sdk';
import type { MessageKey } from '../messages';
import { matchRoute } from './routes';
import type { Tab } from './tab-store';

/** The label of a tab in the agent's language: as its page or opener titled it (an email's by its subject), else by its kind. */
export function tabTitle(tab: Tab, t: Translate<MessageKey>): string {
  const route = matchRoute(tab.path);
  if (tab.title) return tab.title;
  if (route.name === 'email') return t('tab.email');
  if (route.name === 'ticket') return t('tab.ticket');
  if (route.name === 'journey') return t('tab.journey');
  if (route.name === 'crm') return t('crm.module');
  if (route.name === 'kb') return t('panel.kb');
  if (route.name === 'frame-origins') return t('panel.frameOrigins');
  if (route.name === 'inbound') return t('panel.inbound');
  if (route.name === 'contact') return t('tab.contact');
  if (route.name === 'company') return t('tab.company');
  if (route.name === 'sla') return t('sla.tab', { ref: route.slaRef });
  return tab.path;
}
