import { Task } from '@lit/task';
import { MAX_UNDO_SEND_SECONDS, type HostApi } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';

/** The windows the agent picks from, in seconds; 0 is Off. */
export const UNDO_WINDOW_CHOICES = [0, 5, 10, 20, 30, 60].filter((seconds) => seconds <= MAX_UNDO_SEND_SECONDS);

/**
 * The agent's undo window (E14), under the send buttons: "Undo window: Off / 5 s / … / 60 s",
 * read from and saved to `/settings/send` as soon as it changes. A saved value outside the
 * choices (set elsewhere) is shown as it is. "Saved" goes to a status line; a failure to an alert
 * with Retry.
 */
@customElement('sb-undo-window')
export class UndoWindow extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
      }
      p {
        margin: 0;
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** The value the agent chose and that is being saved, or failed to save. */
  @state() private _chosen?: number;
  @state() private _saving = false;
  @state() private _saved = false;
  @state() private _saveError = '';

  @query('select') private _select?: HTMLSelectElement;

  private readonly hostCtl = new HostController(this, messages);

  private readonly _settings = new Task(this, {
    task: async ([api], { signal }): Promise<number | undefined> => (api ? (await api.getSendSettings(signal)).undoSendSeconds : undefined),
    args: () => [this.api] as const,
  });

  /** The window shown: the agent's choice, else the saved one. */
  private get _value(): number | undefined {
    return this._chosen ?? this._settings.value;
  }

  /** Selects the shown window (options rendered after the select would not take `.value`). */
  override updated(): void {
    if (this._select && this._value !== undefined) this._select.value = String(this._value);
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    return this._settings.render({
      pending: () => html`<p class="muted" role="status">${t('undoWindowLoading')}</p>`,
      error: (error) =>
        html`<p class="alert" role="alert">${t('undoWindowLoadFailed', { message: errorMessage(error, t) })}</p>
          <button type="button" @click=${() => void this._settings.run()}>${t('retry')}</button>`,
      complete: () => (this._value === undefined ? nothing : this._renderSelect(this._value)),
    });
  }

  private _renderSelect(value: number) {
    const { t } = this.hostCtl;
    const choices = UNDO_WINDOW_CHOICES.includes(value) ? UNDO_WINDOW_CHOICES : [...UNDO_WINDOW_CHOICES, value].sort((a, b) => a - b);
    return html`<label for="undo-window">${t('undoWindowLabel')}</label>
      <select id="undo-window" aria-describedby="undo-window-status" @change=${this._onChange}>
        ${choices.map(
          (seconds) =>
            html`<option value=${seconds}>
              ${seconds === 0 ? t('undoWindowOff') : t('undoWindowSeconds', { seconds })}
            </option>`,
        )}
      </select>
      <p id="undo-window-status" class="muted" role="status">${this._saving ? t('saving') : this._saved ? t('undoWindowSaved') : ''}</p>
      ${this._saveError
        ? html`<p class="alert" role="alert">${this._saveError}</p>
            <button type="button" @click=${this._save}>${t('retry')}</button>`
        : nothing}`;
  }

  private _onChange(event: Event): void {
    this._chosen = Number((event.target as HTMLSelectElement).value);
    void this._save();
  }

  /** Saves the chosen value; a choice made while a save runs is saved after it. */
  private async _save(): Promise<void> {
    const { api } = this;
    if (!api || this._chosen === undefined || this._saving) return;
    const { t } = this.hostCtl;
    this._saving = true;
    this._saved = false;
    this._saveError = '';
    try {
      let sent: number;
      do {
        sent = this._chosen;
        await api.putSendSettings({ undoSendSeconds: sent });
      } while (this._chosen !== sent);
      this._saved = true;
    } catch (error) {
      this._saveError = t('undoWindowSaveFailed', { message: errorMessage(error, t) });
    } finally {
      this._saving = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-undo-window': UndoWindow;
  }
}
