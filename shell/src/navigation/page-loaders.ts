import type { Route } from './routes';

/** What the shell may show: a route's page, or the login page. */
export type PageName = Route['name'] | 'login';

/**
 * Pages whose code the shell fetches when first shown, so the email and home pages, the ones an
 * agent opens first, carry none of it (the KB editor's ProseMirror, the templates editors, the
 * CRM pages). Lit upgrades a page element rendered before its definition arrived, keeping the
 * properties already set on it. Pages not named here are in the shell's first chunk.
 */
const LOADERS: Partial<Record<PageName, () => Promise<unknown>>> = {
  login: () => import('../elements/sb-login-page'),
  ticket: () => import('../elements/sb-ticket-page'),
  crm: () => import('../elements/sb-crm-home-page'),
  journey: () => import('../elements/sb-journey-page'),
  contact: () => import('../elements/sb-contact-page'),
  company: () => import('../elements/sb-company-page'),
  sla: () => import('../elements/sb-sla-page'),
  kb: () => import('../elements/sb-kb-home-page'),
  'kb-article': () => import('../elements/sb-kb-article-page'),
  templates: () => import('../elements/sb-templates-page'),
  'frame-origins': () => import('../elements/sb-frame-origins-page'),
  inbound: () => import('../elements/sb-inbound-page'),
  'dev-mail': () => import('../elements/sb-dev-mail-page'),
};

/** Fetches (once) the code of a page loaded on demand; logs a failure, after which the page stays empty until a reload. */
export function loadPage(name: PageName): void {
  LOADERS[name]?.().catch((error: unknown) => console.error(`The ${name} page could not be loaded`, error));
}
