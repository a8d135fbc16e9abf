import type { WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import type { EmailWidget } from '../email-widget';
import { HttpMailApi } from '../mail-api';
import { EMAIL_ID, type FakeMail, USER_ID } from './fake-mail';
import '../email-widget';

/** The page context of the tests: an English agent on an email page. */
export const baseContext: WidgetContext = {
  user: { id: USER_ID, name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: EMAIL_ID,
};

/** A mounted widget with its in-memory host. */
export interface Mounted {
  element: EmailWidget;
  host: MemoryHost;
}

/**
 * Mounts `<sb-email-widget>` on a memory host over the fake mail service, with autosave and
 * polling shortened so the tests run in real time.
 */
export function mountWidget(mail: FakeMail, context: Partial<WidgetContext> = {}, createXhr?: () => XMLHttpRequest): Mounted {
  const host = createMemoryHost({ context: { ...baseContext, ...context }, serviceUrl: '/api/mail', token: 'mail-token' });
  const element = document.createElement('sb-email-widget');
  element.host = host;
  element.api = new HttpMailApi(host, mail.fetch, createXhr);
  element.saveTimings = { debounceMs: 30, maxWaitMs: 200, retryDelaysMs: [30] };
  element.pollDelaysMs = [20];
  document.body.append(element);
  return { element, host };
}
