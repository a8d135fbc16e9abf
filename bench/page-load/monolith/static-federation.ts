/**
 * Stands in for shell/src/widgets/federation.ts in the monolithic build (webpack.config.js
 * here): the in-page widgets are compiled into the shell's own build, each a lazy chunk on the
 * shell's origin, and no Module Federation runtime exists. Entry URLs and integrities from the
 * registry are ignored. Untrusted widgets never get here: the shell runs them in a sandboxed
 * iframe that loads their published remote entry itself, as in the federated build.
 */
import type { Federation } from '../../../shell/src/widgets/federation';

export type { Federation, RemoteRegistration } from '../../../shell/src/widgets/federation';

/** The widgets compiled in, by federation name (the part of a remote module id before `/`). */
const COMPILED_IN = new Map<string, () => Promise<unknown>>([
  ['switchboard_email', () => import(/* webpackChunkName: "widget-email" */ '../../../widgets/email/src/widget')],
  ['switchboard_tickets', () => import(/* webpackChunkName: "widget-tickets" */ '../../../widgets/tickets/src/widget')],
  ['switchboard_contacts', () => import(/* webpackChunkName: "widget-contacts" */ '../../../widgets/contacts/src/widget')],
  ['switchboard_companies', () => import(/* webpackChunkName: "widget-companies" */ '../../../widgets/companies/src/widget')],
  ['switchboard_articles', () => import(/* webpackChunkName: "widget-articles" */ '../../../widgets/articles/src/widget')],
  ['switchboard_calendar', () => import(/* webpackChunkName: "widget-calendar" */ '../../../widgets/calendar/src/widget')],
  ['switchboard_templates', () => import(/* webpackChunkName: "widget-templates" */ '../../../widgets/templates/src/widget')],
  ['switchboard_page_in_page', () => import(/* webpackChunkName: "widget-page-in-page" */ '../../../widgets/page-in-page/src/widget')],
]);

/**
 * The same interface as the federated shell's: registering and preloading are no-ops (there are
 * no remote entries; a widget's chunk is requested when its frame loads it), loading imports the
 * compiled-in widget.
 */
export function initFederation(): Federation {
  return {
    registerRemotes: () => undefined,
    preload: () => undefined,
    loadRemote: (id) => {
      const load = COMPILED_IN.get(id.split('/')[0]!);
      return load ? load() : Promise.reject(new Error(`${id} is not compiled into the monolithic shell`));
    },
  };
}
