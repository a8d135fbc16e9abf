import type { EmailSummary, Locale } from '@switchboard/contracts';
import { formatDateTime, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatAddresses } from '../mail/format';
import type { PostponedEmails } from '../mail/postponed-emails';
import { translate } from '../messages';
import { onLinkClick } from '../navigation/navigate';
import { emailPath } from '../navigation/routes';
import { sharedStyles } from './shared-styles';

/**
 * The postponed-activities button of the top panel (E8): a count badge, and a disclosure with the
 * agent's postponed emails; choosing one opens it in a tab. The list reloads when it opens.
 * Escape or a click elsewhere closes it.
 */
@customElement('sb-postponed-menu')
export class SbPostponedMenu extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .toggle {
        border-color: ${theme.onBarMuted};
        background: transparent;
        color: ${theme.onBar};
        white-space: nowrap;
      }
      .toggle:hover {
        background: rgb(255 255 255 / 10%);
        border-color: ${theme.onBar};
      }
      .badge {
        min-width: 1.4rem;
        padding: 0 0.4rem;
        border-radius: 999px;
        background: ${theme.surface};
        color: ${theme.text};
        font-size: 0.8rem;
        line-height: 1.4rem;
        text-align: center;
      }
      .panel {
        --sb-focus: ${theme.accent};
        position: absolute;
        right: 0;
        top: calc(100% + 0.4rem);
        z-index: 10;
        width: min(24rem, 90vw);
        max-height: 60vh;
        overflow-y: auto;
        padding: 0.75rem;
        color: ${theme.text};
      }
      h2 {
        margin-bottom: 0.5rem;
        font-size: 1rem;
      }
      a {
        display: grid;
        gap: 0.1rem;
        padding: 0.5rem 0.25rem;
        color: ${theme.text};
        text-decoration: none;
      }
      a:hover .subject {
        text-decoration: underline;
      }
      .subject {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .meta {
        font-size: 0.85rem;
      }
      p {
        margin: 0;
      }
      .alert button {
        margin-top: 0.5rem;
      }
    `,
  ];

  /** The shared postponed list. */
  @property({ attribute: false }) store?: PostponedEmails;
  /** The agent's language. */
  @property() locale: Locale = 'en';

  @state() private _open = false;
  private _offStore?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this._onDocumentClick);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this._onDocumentClick);
    this._offStore?.();
    this._offStore = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('store')) {
      this._offStore?.();
      this._offStore = this.store?.subscribe(() => this.requestUpdate());
    }
  }

  override render() {
    const t = translate(this.locale);
    const state = this.store?.state ?? { status: 'idle' as const };
    const count = 'items' in state ? state.items?.length : undefined;
    return html`
      <button
        class="toggle"
        type="button"
        aria-expanded=${this._open ? 'true' : 'false'}
        aria-controls="postponed-panel"
        @click=${this._toggle}
        @keydown=${this._onKeydown}
      >
        ${t('panel.postponed')}
        ${count === undefined
          ? nothing
          : html`${count > 0 ? html`<span class="badge" aria-hidden="true">${count}</span>` : nothing}<span class="visually-hidden"
                >(${count})</span
              >`}
      </button>
      <div id="postponed-panel" class="panel card" role="region" aria-labelledby="postponed-title" ?hidden=${!this._open} @keydown=${this._onKeydown}>
        <h2 id="postponed-title">${t('postponed.title')}</h2>
        ${this._open ? this._renderBody(t) : nothing}
      </div>
    `;
  }

  private _renderBody(t: ReturnType<typeof translate>) {
    const state = this.store?.state ?? { status: 'idle' as const };
    const items = 'items' in state ? state.items : undefined;
    if (state.status === 'failed' && !items) {
      return html`<div class="alert" role="alert">
        <p>${t('postponed.loadFailed')}</p>
        <button type="button" @click=${() => void this.store?.refresh()}>${t('common.retry')}</button>
      </div>`;
    }
    if (!items) return html`<p class="muted" role="status">${t('common.loading')}</p>`;
    if (items.length === 0) return html`<p class="muted">${t('postponed.empty')}</p>`;
    return html`<ul class="rows">
      ${items.map((item) => this._renderItem(item, t))}
    </ul>`;
  }

  private _renderItem(item: EmailSummary, t: ReturnType<typeof translate>) {
    return html`<li>
      <a href=${emailPath(item.id)} @click=${this._onChoose}>
        <span class="subject">${item.subject || t('postponed.noSubject')}</span>
        <span class="meta muted">${item.to.length ? t('postponed.to', { to: formatAddresses(item.to) }) : t('postponed.noRecipient')}</span>
        <span class="meta muted">${t('postponed.saved', { time: formatDateTime(item.updatedAt, this.locale) })}</span>
      </a>
    </li>`;
  }

  private _toggle(): void {
    this._open = !this._open;
    if (this._open) void this.store?.refresh();
  }

  private _close(refocus: boolean): void {
    if (!this._open) return;
    this._open = false;
    if (refocus) this.renderRoot.querySelector<HTMLButtonElement>('.toggle')?.focus();
  }

  private _onChoose(event: MouseEvent): void {
    onLinkClick(event);
    this._close(false);
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this._open) return;
    event.stopPropagation();
    this._close(true);
  }

  private readonly _onDocumentClick = (event: MouseEvent) => {
    if (!event.composedPath().includes(this)) this._close(false);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-postponed-menu': SbPostponedMenu;
  }
}
