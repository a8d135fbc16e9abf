import { Task } from '@lit/task';
import type { HostApi, Macro } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, queryAll, state } from 'lit/decorators.js';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';

/** What `sb-send-macro` carries: the macro to run after the send. */
export interface SendMacroDetail {
  macroId: string;
  name: string;
}

/**
 * The "Send and …" menu beside Send (E13): the macros the agent may run after a send, loaded when
 * the menu opens. Keyboard: Enter, Space or ArrowDown open it on the first macro, arrows move,
 * Escape closes it and returns to the button.
 *
 * @fires sb-send-macro - detail: SendMacroDetail, when a macro is chosen
 */
@customElement('sb-send-menu')
export class SendMenu extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      [role='menu'] {
        position: absolute;
        right: 0;
        bottom: calc(100% + 4px);
        z-index: 2;
        min-width: 14rem;
        margin: 0;
        padding: 4px;
        list-style: none;
        background: var(--sb-surface, #fff);
        border: 1px solid var(--sb-border, #8a8f98);
        border-radius: 6px;
        box-shadow: 0 4px 12px rgb(0 0 0 / 18%);
      }
      [role='menuitem'] {
        display: block;
        width: 100%;
        text-align: left;
      }
      .note {
        margin: 4px 8px;
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** While a send or another action runs: the button says so and does nothing. */
  @property({ type: Boolean }) disabled = false;

  @state() private _open = false;

  @query('button.send-and') private _button?: HTMLButtonElement;
  @queryAll('[role="menuitem"]') private _items!: NodeListOf<HTMLButtonElement>;

  private readonly hostCtl = new HostController(this, messages);
  /** Focus the first macro once the list shows (opened by keyboard). */
  private _focusFirst = false;

  private readonly _macros = new Task(this, {
    task: async ([api, open], { signal }): Promise<Macro[]> => (api && open ? (await api.listMacros(signal)).items : []),
    args: () => [this.api, this._open] as const,
  });

  override render() {
    const { t } = this.hostCtl;
    return html`<button
        type="button"
        class="send-and"
        aria-haspopup="menu"
        aria-expanded=${this._open ? 'true' : 'false'}
        aria-label=${t('sendAndLabel')}
        aria-disabled=${this.disabled ? 'true' : 'false'}
        @click=${this._toggle}
        @keydown=${this._onButtonKey}
      >
        ${t('sendAnd')}
      </button>
      ${this._open ? this._renderMenu() : nothing}`;
  }

  override updated(): void {
    if (this._focusFirst && this._items.length > 0) {
      this._focusFirst = false;
      this._items[0].focus();
    }
  }

  private _renderMenu() {
    const { t } = this.hostCtl;
    return html`<div role="menu" aria-label=${t('sendAndLabel')} @keydown=${this._onMenuKey} @focusout=${this._onFocusOut}>
      ${this._macros.render({
        pending: () => html`<p class="note muted" role="status">${t('macrosLoading')}</p>`,
        error: (error) => html`<p class="note alert" role="alert">${t('macrosFailed', { message: errorMessage(error, t) })}</p>`,
        complete: (macros) =>
          macros.length === 0
            ? html`<p class="note muted">${t('macrosNone')}</p>`
            : macros.map(
                (macro) =>
                  html`<button type="button" role="menuitem" tabindex="-1" @click=${() => this._choose(macro)}>
                    ${t('sendWithMacro', { name: macro.name })}
                  </button>`,
              ),
      })}
    </div>`;
  }

  private _toggle(): void {
    if (this.disabled) return;
    this._open = !this._open;
  }

  private _onButtonKey(event: KeyboardEvent): void {
    if (this.disabled || !['Enter', ' ', 'ArrowDown'].includes(event.key)) return;
    event.preventDefault();
    this._open = true;
    this._focusFirst = true;
  }

  private _onMenuKey(event: KeyboardEvent): void {
    const items = [...this._items];
    const at = items.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      this._close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      items[event.key === 'Home' ? 0 : items.length - 1]?.focus();
    }
  }

  /** Focus leaving the menu for something outside it closes the menu. */
  private _onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (next && this.shadowRoot?.contains(next)) return;
    this._open = false;
  }

  private _choose(macro: Macro): void {
    this._close();
    this.dispatchEvent(
      new CustomEvent<SendMacroDetail>('sb-send-macro', { detail: { macroId: macro.id, name: macro.name }, bubbles: true, composed: true }),
    );
  }

  private _close(): void {
    this._open = false;
    this._button?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-send-menu': SendMenu;
  }
}
