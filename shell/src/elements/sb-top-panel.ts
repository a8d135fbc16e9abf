import type { Locale, User } from '@switchboard/contracts';
import { theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PostponedEmails } from '../mail/postponed-emails';
import { translate } from '../messages';
import { navigate, onLinkClick } from '../navigation/navigate';
import { DEV_MAIL_PATH, FRAME_ORIGINS_PATH, INBOUND_PATH, KB_HOME_PATH, TEMPLATES_PATH } from '../navigation/routes';
import type { Tab } from '../navigation/tab-store';
import { tabTitle } from '../navigation/tab-title';
import { sharedStyles } from './shared-styles';
import './sb-postponed-menu';

const LANGUAGES: Array<{ locale: Locale; name: string }> = [
  { locale: 'en', name: 'English' },
  { locale: 'cs', name: 'Čeština' },
];

const HOME: Tab = { path: '/' };

/**
 * The static panel: product name, New email (N1), one tab per open route, the postponed
 * emails (E8), Sent mail (only with the dev mail sink), the agent, language and Log out.
 * Tabs follow the ARIA tabs pattern (arrow keys, Home/End, Delete closes); close buttons sit
 * outside the tablist so it holds tabs only, and CSS order puts each beside its tab.
 * @fires sb-new-email - the agent asked for a new email
 * @fires sb-close-tab - detail `{ path }`: the agent closed a tab
 * @fires sb-locale-change - detail `{ locale }`: the agent picked another language
 * @fires sb-logout - the agent asked to log out
 */
@customElement('sb-top-panel')
export class SbTopPanel extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      header {
        --sb-focus: ${theme.focusOnBar};
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        padding: 0.5rem 1rem;
        background: ${theme.bar};
        color: ${theme.onBar};
      }
      .brand {
        font-weight: 700;
        font-size: 1.05rem;
        letter-spacing: 0.02em;
        white-space: nowrap;
      }
      nav {
        display: flex;
        align-items: stretch;
        gap: 0.25rem 0;
        flex: 1 1 20rem;
        min-width: 0;
        overflow-x: auto;
        padding: 3px;
      }
      [role='tablist'],
      .closers {
        display: contents;
      }
      [role='tab'] {
        display: inline-flex;
        align-items: center;
        max-width: 14rem;
        padding: 0.35rem 0.8rem;
        border-radius: 8px;
        color: ${theme.onBarMuted};
        text-decoration: none;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      [role='tab'].closable {
        border-radius: 8px 0 0 8px;
        padding-right: 0.35rem;
      }
      [role='tab']:hover {
        color: ${theme.onBar};
        background: rgb(255 255 255 / 8%);
      }
      [role='tab']:focus-visible,
      .close:focus-visible {
        outline-offset: -3px;
      }
      [role='tab'][aria-selected='true'] {
        --sb-focus: ${theme.accent};
        background: ${theme.surface};
        color: ${theme.text};
        font-weight: 600;
      }
      .close {
        min-height: 0;
        margin-right: 0.35rem;
        padding: 0 0.45rem;
        border: 0;
        border-radius: 0 8px 8px 0;
        background: transparent;
        color: ${theme.onBarMuted};
        font-size: 1.1rem;
        line-height: 1;
      }
      .close.selected {
        background: ${theme.surface};
        color: ${theme.text};
        --sb-focus: ${theme.accent};
      }
      .close:hover {
        color: ${theme.onBar};
        background: rgb(255 255 255 / 14%);
      }
      .close.selected:hover {
        color: ${theme.text};
        background: #e2e8f0;
      }
      .right {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        margin-left: auto;
      }
      .user {
        font-weight: 600;
        white-space: nowrap;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        color: ${theme.onBarMuted};
      }
      select {
        padding: 0.3rem 0.4rem;
        border: 1px solid ${theme.onBarMuted};
        border-radius: 6px;
        background: ${theme.bar};
        color: ${theme.onBar};
      }
      .bar-button {
        border-color: ${theme.onBarMuted};
        background: transparent;
        color: ${theme.onBar};
      }
      .bar-button:hover {
        background: rgb(255 255 255 / 10%);
        border-color: ${theme.onBar};
      }
      .new {
        white-space: nowrap;
      }
      .new[aria-disabled='true'] {
        cursor: progress;
        opacity: 0.75;
      }
      .bar-link,
      .module-link {
        color: ${theme.onBar};
        font-weight: 600;
        white-space: nowrap;
      }
      .bar-link:hover,
      .bar-link[aria-current='page'],
      .module-link:hover,
      .module-link[aria-current='page'] {
        color: ${theme.onBar};
        text-decoration-thickness: 2px;
      }
      .status {
        flex-basis: 100%;
        margin: 0;
        color: #fecaca;
        font-size: 0.9rem;
      }
    `,
  ];

  /** The signed-in agent. */
  @property({ attribute: false }) user?: User;
  /** The open tabs besides home. */
  @property({ attribute: false }) tabs: readonly Tab[] = [];
  /** Route of the page being shown. */
  @property() activePath = '/';
  /** Set when the last language switch could not be saved. */
  @property({ type: Boolean }) localeError = false;
  /** The agent's postponed emails, for the postponed button. */
  @property({ attribute: false }) postponed?: PostponedEmails;
  /** Shows the Sent mail link: the gateway runs the dev mail sink. */
  @property({ type: Boolean }) devMail = false;
  /** Set while a new email is being created; New email ignores clicks meanwhile. */
  @property({ type: Boolean }) creatingEmail = false;
  /** Set when the last New email failed. */
  @property({ type: Boolean }) newEmailError = false;

  /** The tab holding the strip's one tab stop (roving tabindex); the active tab unless arrows moved it. */
  @state() private _focusPath?: string;
  /** Set by keyboard actions that must leave focus on the tab stop after the next render. */
  private _refocus = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('activePath')) this._focusPath = undefined;
  }

  protected override updated(): void {
    if (!this._refocus) return;
    this._refocus = false;
    this._tabs()
      .find((tab) => tab.tabIndex === 0)
      ?.focus();
  }

  override render() {
    const locale = this.user?.locale ?? 'en';
    const t = translate(locale);
    const all = [HOME, ...this.tabs];
    const active = all.some((tab) => tab.path === this.activePath) ? this.activePath : undefined;
    const title = (tab: Tab) => (tab === HOME ? t('panel.home') : tabTitle(tab, t));
    const stop = all.some((tab) => tab.path === this._focusPath) ? this._focusPath : (active ?? HOME.path);
    return html`
      <header>
        <span class="brand">${t('app.name')}</span>
        <button
          class="primary new"
          type="button"
          aria-disabled=${this.creatingEmail ? 'true' : 'false'}
          @click=${this._onNewEmail}
        >
          <span aria-hidden="true">+</span>${t('panel.newEmail')}
        </button>
        <nav aria-label=${t('panel.tabs')}>
          <div role="tablist" @keydown=${this._onTabKeydown}>
            ${all.map(
              (tab, index) => html`
                <a
                  role="tab"
                  href=${tab.path}
                  class=${tab === HOME ? '' : 'closable'}
                  style="order: ${index * 2}"
                  aria-selected=${tab.path === active ? 'true' : 'false'}
                  tabindex=${tab.path === stop ? 0 : -1}
                  data-path=${tab.path}
                  @click=${onLinkClick}
                  >${title(tab)}</a
                >
              `,
            )}
          </div>
          <div class="closers">
            ${this.tabs.map(
              (tab, index) => html`
                <button
                  type="button"
                  class="close ${tab.path === active ? 'selected' : ''}"
                  style="order: ${(index + 1) * 2 + 1}"
                  aria-label=${t('panel.close', { title: title(tab) })}
                  title=${t('panel.close', { title: title(tab) })}
                  @click=${() => this._close(tab.path)}
                >
                  <span aria-hidden="true">×</span>
                </button>
              `,
            )}
          </div>
        </nav>
        <div class="right">
          <sb-postponed-menu .store=${this.postponed} .locale=${locale}></sb-postponed-menu>
          <a class="module-link" href=${KB_HOME_PATH} aria-current=${this.activePath === KB_HOME_PATH ? 'page' : 'false'} @click=${onLinkClick}
            >${t('panel.kb')}</a
          >
          ${this.user?.role === 'admin'
            ? html`<a class="module-link" href=${FRAME_ORIGINS_PATH} aria-current=${this.activePath === FRAME_ORIGINS_PATH ? 'page' : 'false'} @click=${onLinkClick}
                >${t('panel.frameOrigins')}</a
              >
              <a class="module-link" href=${INBOUND_PATH} aria-current=${this.activePath === INBOUND_PATH ? 'page' : 'false'} @click=${onLinkClick}
                >${t('panel.inbound')}</a
              >`
            : nothing}
          ${this.user && this.user.role !== 'service'
            ? html`<a class="module-link" href=${TEMPLATES_PATH} aria-current=${this.activePath === TEMPLATES_PATH ? 'page' : 'false'} @click=${onLinkClick}
                >${t('panel.templates')}</a
              >`
            : nothing}
          ${this.devMail
            ? html`<a
                class="bar-link"
                href=${DEV_MAIL_PATH}
                aria-current=${this.activePath.startsWith(DEV_MAIL_PATH) ? 'page' : 'false'}
                @click=${onLinkClick}
                >${t('panel.devMail')}</a
              >`
            : nothing}
          <span class="user"><span class="visually-hidden">${t('panel.user')} </span>${this.user?.name}</span>
          <label>
            ${t('panel.language')}
            <select @change=${this._onLocaleChange}>
              ${LANGUAGES.map(
                (language) => html`<option value=${language.locale} lang=${language.locale} ?selected=${language.locale === locale}>
                  ${language.name}
                </option>`,
              )}
            </select>
          </label>
          <button class="bar-button" type="button" @click=${this._onLogout}>${t('panel.logout')}</button>
        </div>
        ${this.localeError ? html`<p class="status" role="status">${t('panel.localeFailed')}</p>` : nothing}
        ${this.newEmailError ? html`<p class="status" role="alert">${t('panel.newEmailFailed')}</p>` : nothing}
      </header>
    `;
  }

  private _tabs(): HTMLAnchorElement[] {
    return [...(this.renderRoot.querySelectorAll<HTMLAnchorElement>('[role=tab]') ?? [])];
  }

  private _onTabKeydown(event: KeyboardEvent): void {
    const tabs = this._tabs();
    const index = tabs.indexOf(event.target as HTMLAnchorElement);
    if (index < 0) return;
    const focus = (i: number) => {
      this._focusPath = tabs[(i + tabs.length) % tabs.length].dataset.path;
      this._refocus = true;
      this.requestUpdate();
    };
    switch (event.key) {
      case 'ArrowRight':
        focus(index + 1);
        break;
      case 'ArrowLeft':
        focus(index - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(tabs.length - 1);
        break;
      case ' ':
        navigate(tabs[index].dataset.path ?? '/');
        break;
      case 'Delete':
        if (index === 0) return;
        // The focused tab goes away: keep the keyboard in the strip, on the tab shown next.
        this._refocus = true;
        this._close(tabs[index].dataset.path ?? '');
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private _onNewEmail(): void {
    if (this.creatingEmail) return;
    this.dispatchEvent(new CustomEvent('sb-new-email', { bubbles: true, composed: true }));
  }

  private _close(path: string): void {
    this.dispatchEvent(new CustomEvent('sb-close-tab', { detail: { path }, bubbles: true, composed: true }));
  }

  private _onLocaleChange(event: Event): void {
    const locale = (event.target as HTMLSelectElement).value as Locale;
    this.dispatchEvent(new CustomEvent('sb-locale-change', { detail: { locale }, bubbles: true, composed: true }));
  }

  private _onLogout(): void {
    this.dispatchEvent(new CustomEvent('sb-logout', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-top-panel': SbTopPanel;
  }
}
