import type { HostApi, MailAddress } from '@switchboard/contracts';
import { HostController, widgetStyles } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { clampHeight, loadPrefs, savePrefs, type AgentPrefs } from './agent-prefs';
import { messages } from './messages';
import { fillUrlTemplate, type FilledUrl } from './url-template';

/** How much "Taller" and "Shorter" change the height. */
const HEIGHT_STEP = 80;

/** What the iframe may do: run the page's scripts and forms, open popups, keep its own origin. */
const SANDBOX = 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-same-origin';

/** Directives whose violation means the shell's policy refused to frame the page. */
const FRAME_DIRECTIVES = ['frame-src', 'child-src', 'default-src'];

/**
 * The Page-in-page widget (P1): an external web page inside the email detail page, in a
 * sandboxed iframe. The address is the layout item's `url` setting (a template with
 * placeholders such as `{{contact.email}}`, filled from the page and URL-encoded), or the one
 * the agent typed, remembered per agent in this browser with the frame's height until the
 * layout's address changes (the agent set a new one in the layout editor, or their team did). A page the
 * shell's policy refuses (an origin no admin allowed) shows a message instead of a frame.
 *
 * @csspart frame - the box around the iframe (resizable)
 */
@customElement('sb-page-in-page-widget')
export class PageInPageWidget extends LitElement {
  static override styles = [
    widgetStyles,
    css`
      :host {
        display: block;
        padding: 8px;
      }
      form,
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        margin-bottom: 6px;
      }
      input[type='url'] {
        flex: 1 1 12rem;
        min-width: 0;
      }
      .frame {
        box-sizing: border-box;
        resize: vertical;
        overflow: hidden;
        border: 1px solid #d0d7de;
        border-radius: 6px;
      }
      iframe {
        display: block;
        width: 100%;
        height: 100%;
        border: 0;
      }
      .hint {
        font-size: 0.857em;
        margin: 4px 0 0;
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;
  /** Per-instance settings from the layout: `url`, the address template. */
  @property({ attribute: false }) settings?: Record<string, unknown>;
  /** Where the agent's address and height are remembered; `localStorage` unless a test sets another. */
  @property({ attribute: false }) storage?: Storage;

  @state() private _prefs?: AgentPrefs;
  /** The customer's address on the page's email, from the Email widget. */
  @state() private _customer?: MailAddress | null;
  /** The origin the shell's policy refused to frame, if it did. */
  @state() private _blockedOrigin = '';
  /** Bumped by Reload: a new iframe loads the page again. */
  @state() private _loads = 0;

  private readonly hostCtl = new HostController(this, messages);
  private _off?: () => void;
  private _resizeObserver?: ResizeObserver;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('securitypolicyviolation', this._onPolicyViolation);
    if (!this.host) return;
    this._off = this.host.on('email.participants', ({ emailId, customer }) => {
      if (emailId === this.host?.context().emailId) this._customer = customer;
    });
    const emailId = this.host.context().emailId;
    if (emailId) this.host.emit('email.participantsRequested', { emailId });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('securitypolicyviolation', this._onPolicyViolation);
    this._off?.();
    this._resizeObserver?.disconnect();
  }

  override willUpdate(): void {
    if (this.host && !this._prefs) this._prefs = loadPrefs(this._storage(), this.host.context().user.id);
  }

  override updated(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.frame');
    if (!box || typeof ResizeObserver === 'undefined' || this._resizeObserver) return;
    // Dragging the box's corner changes its height; remember it. The border box is what the style
    // sets, so the height set here is observed unchanged (the content box would shrink it by the
    // border on every round).
    this._resizeObserver = new ResizeObserver(([entry]) => {
      const size = entry?.borderBoxSize?.[0]?.blockSize;
      const height = size ? clampHeight(size) : undefined;
      if (height && this._prefs && Math.abs(height - this._prefs.height) > 2) this._setPrefs({ ...this._prefs, height });
    });
    this._resizeObserver.observe(box);
  }

  override render() {
    if (!this.host || !this._prefs) return nothing;
    const { t } = this.hostCtl;
    const layoutUrl = this._layoutUrl();
    const own = this._prefs.url !== null && this._prefs.over === layoutUrl ? this._prefs.url : null;
    const template = own ?? layoutUrl;
    const filled = fillUrlTemplate(template, { context: this.hostCtl.context, customer: this._customer }, location.origin);
    return html`
      <form novalidate @submit=${this._onSubmit}>
        <label class="visually-hidden" for="sb-pip-url">${t('addressLabel')}</label>
        <input id="sb-pip-url" name="url" type="url" inputmode="url" .value=${template} placeholder="https://" />
        <button type="submit">${t('show')}</button>
        ${own !== null && layoutUrl ? html`<button type="button" @click=${this._onUseLayout}>${t('useLayoutAddress')}</button>` : nothing}
      </form>
      ${filled.ok ? this._renderPage(filled.url) : html`<p class="muted" role="status">${this._problem(filled)}</p>`}
    `;
  }

  private _renderPage(url: URL) {
    const { t } = this.hostCtl;
    const blocked = this._blockedOrigin === url.origin;
    const open = html`<a href=${url.href} target="_blank" rel="noopener noreferrer">${t('openInNewWindow')}</a>`;
    return html`
      <div class="toolbar">
        <button type="button" @click=${() => this._loads++}>${t('reload')}</button>
        ${open}
        <button type="button" @click=${() => this._resize(HEIGHT_STEP)}>${t('taller')}</button>
        <button type="button" @click=${() => this._resize(-HEIGHT_STEP)}>${t('shorter')}</button>
      </div>
      ${blocked
        ? html`<p role="alert">${t('blocked', { host: url.host })}</p>`
        : html`<div class="frame" part="frame" style="height: ${this._prefs!.height}px">
              ${keyed(
                `${url.href}#${this._loads}`,
                html`<iframe src=${url.href} title=${t('frameTitle', { host: url.host })} sandbox=${SANDBOX} referrerpolicy="no-referrer" allow=""></iframe>`,
              )}
            </div>
            <p class="hint muted">${t('refuseHint')}</p>`}
    `;
  }

  private _problem(filled: Exclude<FilledUrl, { ok: true }>): string {
    const { t } = this.hostCtl;
    return { empty: t('noAddress'), invalid: t('invalid'), scheme: t('scheme'), 'same-origin': t('sameOrigin') }[filled.reason];
  }

  private _storage(): Storage {
    return this.storage ?? localStorage;
  }

  private _setPrefs(prefs: AgentPrefs): void {
    this._prefs = prefs;
    if (this.host) savePrefs(this._storage(), this.host.context().user.id, prefs);
  }

  private _resize(by: number): void {
    if (this._prefs) this._setPrefs({ ...this._prefs, height: clampHeight(this._prefs.height + by) });
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const typed = new FormData(event.target as HTMLFormElement).get('url');
    if (typeof typed !== 'string' || !this._prefs) return;
    this._blockedOrigin = '';
    this._setPrefs({ ...this._prefs, url: typed.trim(), over: this._layoutUrl() });
  }

  private _layoutUrl(): string {
    return typeof this.settings?.url === 'string' ? this.settings.url : '';
  }

  private _onUseLayout(): void {
    if (this._prefs) this._setPrefs({ ...this._prefs, url: null });
  }

  /** The shell's CSP refused a frame of another origin: if it was ours, say so instead of a blank box. */
  private readonly _onPolicyViolation = (event: SecurityPolicyViolationEvent): void => {
    if (!FRAME_DIRECTIVES.some((d) => event.effectiveDirective === d || event.violatedDirective.startsWith(d))) return;
    const frame = this.renderRoot.querySelector('iframe');
    if (!frame) return;
    const origin = new URL(frame.src).origin;
    if (event.blockedURI && new URL(event.blockedURI, location.href).origin === origin) this._blockedOrigin = origin;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-page-in-page-widget': PageInPageWidget;
  }
}
