import type { ServiceAudience, TabRequest, WidgetManifest } from '@switchboard/contracts';
import { EventBus } from './event-bus';
import { createHostApi } from './host-api';
import { PageContext } from './page-context';

/**
 * A widget's host API on a fresh page (bus and context of email `e1`, agent Alex), recording the
 * token audiences asked for (a widget backend's as `widget:<name> <ticket id>`), the tabs opened, the paths navigated to and the undeclared events.
 * For the shell's tests of the host API and of what reaches it.
 */
export function recordingHost(manifest: WidgetManifest) {
  const bus = new EventBus();
  const context = new PageContext(bus, { user: { id: 'u1', name: 'Alex', locale: 'en' }, page: 'email-detail', emailId: 'e1' });
  const audiences: Array<ServiceAudience | `widget:${string}`> = [];
  const tabs: TabRequest[] = [];
  const paths: string[] = [];
  const undeclared: string[] = [];
  const widgetHost = createHostApi({
    manifest,
    bus,
    context,
    tokens: {
      getToken: async (audience) => {
        audiences.push(audience);
        return `token-for-${audience}`;
      },
      getWidgetToken: async (widget, ticketId) => {
        audiences.push(`widget:${widget} ${ticketId ?? '-'}`);
        return `token-for-widget:${widget}`;
      },
    },
    openTab: (tab) => tabs.push(tab),
    navigate: (path) => paths.push(path),
    onUndeclared: (widget, direction, type) => undeclared.push(`${widget} ${direction} ${type}`),
  });
  return { bus, context, audiences, tabs, paths, undeclared, widgetHost };
}
