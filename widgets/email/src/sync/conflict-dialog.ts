import type { HostApi, MailAddress } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { DraftFieldName } from '../draft/draft-fields';
import { baseStyles } from '../styles';
import type { ConflictChoice, FieldConflict } from './field-merge';
import { syncMessages } from './sync-messages';

/** What the agent chose: some fields, or all of them one way. */
export interface ConflictDecision {
  choices: Partial<Record<DraftFieldName, ConflictChoice>>;
  /** Ignore all (`yours`) or Apply all (`theirs`). */
  all?: ConflictChoice;
}

/** Longest value shown in the dialog; the rest is cut with an ellipsis. */
const PREVIEW_LENGTH = 400;

/**
 * The live-sync conflict dialog (T2, T3): each field changed elsewhere while the agent edited it,
 * with their value and the new one side by side; keep or take per field, or Ignore all / Apply
 * all. A modal `<dialog>`: focus stays inside, Escape closes it and leaves the choice for later.
 *
 * @fires sb-resolve - detail: `ConflictDecision`
 * @fires sb-later - the agent closed the dialog without choosing
 */
@customElement('sb-sync-conflict-dialog')
export class SyncConflictDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      dialog {
        max-width: min(48rem, 95vw);
      }
      .sides {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.75rem;
      }
      .value {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        max-height: 10rem;
        overflow: auto;
      }
      h3,
      h4 {
        margin: 0.5rem 0 0.25rem;
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The conflicts to decide; the dialog closes itself when none are left. */
  @property({ attribute: false }) conflicts: readonly FieldConflict[] = [];

  /** True while the mail service cannot be reached: edits wait in this tab. */
  @property({ type: Boolean }) offline = false;

  @state() private _shown = false;
  @query('dialog') private _dialog?: HTMLDialogElement;

  private readonly hostCtl = new HostController(this, syncMessages);
  private _opener?: HTMLElement;

  /** True while the dialog is shown. */
  get isOpen(): boolean {
    return this._dialog?.open ?? false;
  }

  /** Shows the dialog; focus returns to `opener` (or stays where it was) when it closes. */
  async open(opener?: HTMLElement): Promise<void> {
    this._opener = opener;
    await this.updateComplete;
    if (!this._dialog?.open) this._dialog?.showModal();
    this._shown = true;
    this.renderRoot.querySelector<HTMLButtonElement>('.choice')?.focus();
  }

  /** Hides the dialog. */
  close(): void {
    if (this._dialog?.open) this._dialog.close();
  }

  override updated(): void {
    if (this.conflicts.length === 0) this.close();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    const pending = this.conflicts.length > 0 && !this._shown;
    return html`${this.offline ? html`<p class="note offline" role="status">${t('offline')}</p>` : nothing}
      ${pending
        ? html`<div class="note pending" role="alert">
            <p>${t('pendingNote', { fields: this.conflicts.map((c) => t(`field_${c.name}`)).join(', ') })}</p>
            <button type="button" class="review" @click=${(e: Event) => void this.open(e.target as HTMLElement)}>${t('review')}</button>
          </div>`
        : nothing}
      <dialog aria-labelledby="sync-title" aria-describedby="sync-text" @close=${this._onClose}>
      <h2 id="sync-title">${t('conflictDialogTitle')}</h2>
      <p id="sync-text">${t('conflictDialogText')}</p>
      ${this.conflicts.map((conflict) => this._renderConflict(conflict))}
      <div class="buttons">
        <button type="button" class="ignore-all" @click=${() => this._decide({ choices: {}, all: 'yours' })}>${t('ignoreAll')}</button>
        <button type="button" class="primary apply-all" @click=${() => this._decide({ choices: {}, all: 'theirs' })}>${t('applyAll')}</button>
        <button type="button" class="later" @click=${() => this.close()}>${t('later')}</button>
      </div>
    </dialog>`;
  }

  private _renderConflict(conflict: FieldConflict) {
    const { t } = this.hostCtl;
    const field = t(`field_${conflict.name}`);
    const id = `conflict-${conflict.name}`;
    return html`<section class="conflict" role="group" aria-labelledby=${id} data-field=${conflict.name}>
      <h3 id=${id}>${field}</h3>
      <div class="sides">
        <div class="yours">
          <h4>${t('yourValue')}</h4>
          <p class="value">${this._preview(conflict.name, conflict.yours)}</p>
          <button type="button" class="choice keep" aria-label=${t('keepYoursOf', { field })} @click=${() => this._choose(conflict.name, 'yours')}>
            ${t('keepYours')}
          </button>
        </div>
        <div class="theirs">
          <h4>${t('newValue')}</h4>
          <p class="value">${this._preview(conflict.name, conflict.theirs)}</p>
          <button type="button" class="choice take" aria-label=${t('useNewOf', { field })} @click=${() => this._choose(conflict.name, 'theirs')}>
            ${t('useNew')}
          </button>
        </div>
      </div>
    </section>`;
  }

  /** A value as text: addresses joined, the body without markup, flags as Yes / No. */
  private _preview(name: DraftFieldName, value: FieldConflict['yours']): string {
    const { t } = this.hostCtl;
    let text: string;
    if (typeof value === 'boolean') text = value ? t('yes') : t('no');
    else if (Array.isArray(value)) text = (value as MailAddress[]).map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
    else if (name === 'html') text = new DOMParser().parseFromString(String(value), 'text/html').body.textContent ?? '';
    else text = String(value ?? '');
    text = text.trim();
    if (!text) return t('empty');
    return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
  }

  private _choose(name: DraftFieldName, choice: ConflictChoice): void {
    this._decide({ choices: { [name]: choice } });
  }

  private _decide(decision: ConflictDecision): void {
    this.dispatchEvent(new CustomEvent<ConflictDecision>('sb-resolve', { detail: decision, bubbles: true, composed: true }));
  }

  private _onClose(): void {
    this._shown = false;
    if (this.conflicts.length > 0) this.dispatchEvent(new CustomEvent('sb-later', { bubbles: true, composed: true }));
    this._opener?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-sync-conflict-dialog': SyncConflictDialog;
  }
}
