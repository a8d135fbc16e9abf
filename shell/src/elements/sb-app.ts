import type { CreateDraftBody, Locale, User } from '@switchboard/contracts';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { translate } from '../messages';
import { navigate, onLinkClick, replaceRoute } from '../navigation/navigate';
import { loadPage } from '../navigation/page-loaders';
import { emailPath, isTabRoute, matchRoute, type Route } from '../navigation/routes';
import { tabTitle } from '../navigation/tab-title';
import type { ShellServices } from '../shell-services';
import { sharedStyles } from './shared-styles';
import './sb-email-page';
import './sb-home-page';
import './sb-top-panel';

type Session = { status: 'loading' } | { status: 'unreachable' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };

/** Language before sign-in: the browser's, when it is one the shell speaks. */
function browserLocale(): Locale {
  return navigator.language?.toLowerCase().startsWith('cs') ? 'cs' : 'en';
}

/**
 * The root element: checks the session, shows the login page or the static panel with the page
 * of the current route, and keeps the tabs, the language and `<html lang>` in step. It creates
 * new emails (N1) and refreshes the postponed emails when the browser tab gains focus.
 */
@customElement('sb-app')
export class SbApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
      }
      .center {
        display: grid;
        place-items: center;
        gap: 1rem;
        min-height: 100vh;
        padding: 1.5rem;
        text-align: center;
      }
      .not-found {
        max-width: 40rem;
        margin: 0 auto;
        padding: 2rem 1.25rem;
      }
      .not-found h1 {
        margin-bottom: 0.5rem;
      }
      .not-found .alert {
        margin-bottom: 1rem;
      }
      .not-found .alert button {
        margin-left: 0.75rem;
      }
    `,
  ];

  /** The shell's clients and stores; set by bootstrap. */
  @property({ attribute: false }) services?: ShellServices;

  @state() private _session: Session = { status: 'loading' };
  @state() private _route: Route = matchRoute(location.pathname);
  @state() private _localeError = false;
  /** The gateway runs the dev mail sink: the panel links to Sent mail (for an administrator). */
  @state() private _devMail = false;
  @state() private _creatingEmail = false;
  @state() private _newEmailError = false;

  private _offTabs?: () => void;

  /** Called when identity says the session is gone: back to the login page, tabs kept for after. */
  sessionExpired(): void {
    this.services?.tokens.clear();
    this._session = { status: 'signed-out' };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this._onPopState);
    window.addEventListener('focus', this._onWindowFocus);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this._onPopState);
    window.removeEventListener('focus', this._onWindowFocus);
    this._offTabs?.();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('services') && this.services) {
      this._offTabs?.();
      this._offTabs = this.services.tabs.subscribe(() => this.requestUpdate());
      void this._loadSession();
    }
    if (this._session.status === 'signed-out') loadPage('login');
    else if (this._session.status === 'signed-in') loadPage(this._route.name);
  }

  protected override updated(): void {
    const locale = this._locale();
    document.documentElement.lang = locale;
    document.title = this._documentTitle(locale);
  }

  override render() {
    const t = translate(this._locale());
    switch (this._session.status) {
      case 'loading':
        return html`<main class="center"><p class="muted" role="status">${t('app.loading')}</p></main>`;
      case 'unreachable':
        return html`<main class="center">
          <h1>${t('app.name')}</h1>
          <p class="alert" role="alert">${t('app.unreachable')}</p>
          <button type="button" @click=${() => void this._loadSession()}>${t('common.retry')}</button>
        </main>`;
      case 'signed-out':
        return html`<sb-login-page
          .identity=${this.services?.identity}
          .locale=${this._locale()}
          @sb-signed-in=${(event: CustomEvent<{ user: User }>) => this._signedIn(event.detail.user)}
        ></sb-login-page>`;
      case 'signed-in':
        return html`
          <sb-top-panel
            .user=${this._session.user}
            .tabs=${this.services?.tabs.tabs ?? []}
            .activePath=${this._route.path}
            ?localeError=${this._localeError}
            .postponed=${this.services?.postponed}
            ?devMail=${this._devMail && this._session.user.role === 'admin'}
            ?creatingEmail=${this._creatingEmail}
            ?newEmailError=${this._newEmailError && this._route.name !== 'new-email'}
            @sb-new-email=${this._onNewEmail}
            @sb-close-tab=${this._onCloseTab}
            @sb-locale-change=${this._onLocaleChange}
            @sb-logout=${this._onLogout}
          ></sb-top-panel>
          <main @sb-new-email=${this._onNewEmail}>${this._renderPage(this._session.user)}</main>
        `;
    }
  }

  private _renderPage(user: User) {
    const route = this._route;
    const t = translate(user.locale);
    switch (route.name) {
      case 'home':
        return html`<sb-home-page .user=${user} .tickets=${this.services?.tickets}></sb-home-page>`;
      case 'new-email':
        return this._newEmailError
          ? html`<div class="not-found">
              <p class="alert" role="alert">
                ${t('newEmail.failed')}<button type="button" @click=${() => void this._newEmail('replace')}>${t('common.retry')}</button>
              </p>
              <a href="/" @click=${onLinkClick}>${t('common.backHome')}</a>
            </div>`
          : html`<p class="not-found muted" role="status">${t('newEmail.creating')}</p>`;
      case 'email':
        return keyed(
          route.emailId,
          html`<sb-email-page .emailId=${route.emailId} .user=${user} .services=${this.services}></sb-email-page>`,
        );
      case 'ticket':
        return keyed(
          route.ticketId,
          html`<sb-ticket-page .ticketId=${route.ticketId} .locale=${user.locale} .services=${this.services}></sb-ticket-page>`,
        );
      case 'crm':
        return html`<sb-crm-home-page .locale=${user.locale} .services=${this.services}></sb-crm-home-page>`;
      case 'journey':
        return keyed(
          route.path,
          html`<sb-journey-page .contactId=${route.contactId} .locale=${user.locale} .services=${this.services}></sb-journey-page>`,
        );
      case 'contact':
        return keyed(
          route.path,
          html`<sb-contact-page .contactId=${route.contactId} .locale=${user.locale} .services=${this.services}></sb-contact-page>`,
        );
      case 'company':
        return keyed(
          route.path,
          html`<sb-company-page .companyId=${route.companyId} .locale=${user.locale} .services=${this.services}></sb-company-page>`,
        );
      case 'sla':
        return keyed(route.path, html`<sb-sla-page .slaRef=${route.slaRef} .locale=${user.locale} .services=${this.services}></sb-sla-page>`);
      case 'kb-article':
        return keyed(
          route.path,
          html`<sb-kb-article-page .articleId=${route.articleId} .locale=${user.locale} .user=${user} .services=${this.services}></sb-kb-article-page>`,
        );
      case 'kb':
        return html`<sb-kb-home-page .user=${user} .locale=${user.locale} .services=${this.services}></sb-kb-home-page>`;
      case 'frame-origins':
        return html`<sb-frame-origins-page .user=${user} .locale=${user.locale} .services=${this.services}></sb-frame-origins-page>`;
      case 'inbound':
        return html`<sb-inbound-page .user=${user} .locale=${user.locale} .services=${this.services}></sb-inbound-page>`;
      case 'templates':
        return html`<sb-templates-page .user=${user} .locale=${user.locale} .services=${this.services}></sb-templates-page>`;
      case 'dev-mail':
        return html`<sb-dev-mail-page
          .client=${this.services?.devMail}
          .locale=${user.locale}
          .available=${this._devMail}
          .admin=${user.role === 'admin'}
          .messageId=${route.messageId}
        ></sb-dev-mail-page>`;
      case 'not-found':
        return html`<div class="not-found">
          <h1>${t('notFound.title')}</h1>
          <p>${t('notFound.text', { path: route.path })}</p>
          <a href="/" @click=${onLinkClick}>${t('common.backHome')}</a>
        </div>`;
    }
  }

  private _locale(): Locale {
    return this._session.status === 'signed-in' ? this._session.user.locale : browserLocale();
  }

  private _documentTitle(locale: Locale): string {
    const t = translate(locale);
    if (this._session.status !== 'signed-in' || this._route.name === 'home') return t('app.name');
    const tab = this.services?.tabs.find(this._route.path);
    return tab ? `${tabTitle(tab, t)} · ${t('app.name')}` : t('app.name');
  }

  private async _loadSession(): Promise<void> {
    if (!this.services) return;
    this._session = { status: 'loading' };
    try {
      const user = await this.services.identity.me();
      this._session = user ? { status: 'signed-in', user } : { status: 'signed-out' };
    } catch (error) {
      console.error('Session check failed', error);
      this._session = { status: 'unreachable' };
    }
    this._syncRoute();
    if (this._session.status === 'signed-in') this._startSession();
  }

  private _signedIn(user: User): void {
    this._session = { status: 'signed-in', user };
    this._syncRoute();
    this._startSession();
  }

  /** After sign-in: the postponed count, and whether the gateway has a dev mail sink. */
  private _startSession(): void {
    const services = this.services;
    if (!services) return;
    void services.postponed.refresh();
    void services.devMail.available().then((available) => {
      this._devMail = available;
    });
  }

  private readonly _onPopState = () => this._syncRoute();

  private readonly _onWindowFocus = () => {
    if (this._session.status === 'signed-in') void this.services?.postponed.refresh();
  };

  /** Reads the route from the location and opens its tab; `/emails/new` creates a draft and takes its place (N1). */
  private _syncRoute(): void {
    const route = matchRoute(location.pathname);
    this._route = route;
    if (this._session.status !== 'signed-in') return;
    if (route.name === 'new-email') void this._newEmail('replace');
    if (isTabRoute(route)) this.services?.tabs.open({ path: route.path });
  }

  private _onNewEmail(event: CustomEvent<CreateDraftBody | null>): void {
    event.stopPropagation();
    void this._newEmail('push', event.detail ?? {});
  }

  /**
   * Creates a draft in the mail service, blank (N1), in a ticket (N3) or to a contact's address
   * (N2), and shows it in a new tab: pushed as a new history entry, or replacing `/emails/new`.
   */
  private async _newEmail(how: 'push' | 'replace', body: CreateDraftBody = {}): Promise<void> {
    if (!this.services || this._creatingEmail) return;
    this._creatingEmail = true;
    this._newEmailError = false;
    try {
      const path = emailPath((await this.services.mail.createDraft(body)).id);
      if (how === 'push') {
        navigate(path);
      } else if (matchRoute(location.pathname).name === 'new-email') {
        replaceRoute(path);
        this._syncRoute();
      }
    } catch (error) {
      console.error('Creating a new email failed', error);
      this._newEmailError = true;
    } finally {
      this._creatingEmail = false;
    }
  }

  private _onCloseTab(event: CustomEvent<{ path: string }>): void {
    const next = this.services?.tabs.close(event.detail.path) ?? '/';
    if (event.detail.path === this._route.path) navigate(next);
  }

  private async _onLocaleChange(event: CustomEvent<{ locale: Locale }>): Promise<void> {
    if (this._session.status !== 'signed-in') return;
    const { locale } = event.detail;
    // Switch at once; the saved setting follows (and a failure to save is said, not undone).
    this._session = { status: 'signed-in', user: { ...this._session.user, locale } };
    this._localeError = false;
    try {
      await this.services?.identity.updateSettings({ locale });
    } catch (error) {
      console.error('Saving the language failed', error);
      this._localeError = true;
    }
  }

  private async _onLogout(): Promise<void> {
    try {
      await this.services?.identity.logout();
    } catch (error) {
      console.error('Logout failed', error);
    }
    this.services?.tokens.clear();
    this.services?.tabs.clear();
    this.services?.postponed.clear();
    this._devMail = false;
    replaceRoute('/');
    this._route = matchRoute('/');
    this._session = { status: 'signed-out' };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-app': SbApp;
  }
}
