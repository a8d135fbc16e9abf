import { html, nothing } from 'lit';
import type { MessageKey } from '../messages';
import { navigate, onLinkClick } from '../navigation/navigate';
import { matchRoute } from '../navigation/routes';
import type { TabStore } from '../navigation/tab-store';
import type { Translate } from '@switchboard/widget-sdk';

const BACK_TO: Partial<Record<string, MessageKey>> = {
  email: 'ticket.backToEmail',
  contact: 'crm.backToContact',
  company: 'crm.backToCompany',
  journey: 'crm.backToJourney',
};

/** "Back to email" (contact, company, journey) when the page's tab was opened from one (C2, as the ticket page does for K5). */
export function backLink(opener: string | undefined, t: Translate<MessageKey>) {
  const key = opener === undefined ? undefined : BACK_TO[matchRoute(opener).name];
  if (!key) return nothing;
  const label = t(key);
  return html`<a class="back" href=${opener} @click=${onLinkClick}><span aria-hidden="true">←</span> ${label}</a>`;
}

/**
 * Click handler of a link to another shell page that opens it in its own tab, remembering this
 * page as the way back; modified clicks are left to the browser (a new browser tab).
 */
export function openInTab(tabs: TabStore | undefined, here: string, title?: string) {
  return (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const path = (event.currentTarget as HTMLAnchorElement).getAttribute('href');
    if (!path?.startsWith('/')) return;
    event.preventDefault();
    tabs?.open({ path, title, opener: here });
    navigate(path);
  };
}
