import { errorMessage, type Translate } from '@switchboard/widget-sdk';
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { saveFailure, type SaveFailure } from './save-errors';

/** The texts a record form needs, in every CRM widget's catalog. */
export type SaveTextKey = 'conflict' | 'reloadTheirs' | 'keepMine' | 'saveFailed' | 'save' | 'saving' | 'cancel' | 'unknownError';

/** What a record form tells its RecordSave. */
export interface RecordSaveOptions<T> {
  /** Saves the form over `version` (0 for a new record); rejects as the service answers. */
  save(version: number): Promise<T>;
  /** The record was saved. */
  saved(record: T): void;
  /** The agent took the server's copy after a conflict: show its values. */
  reload(current: T): void;
  /** The message beside a field the service refused, by its code (`INVALID_EMAIL`), if the catalog has one. */
  describe(code: string, value: string): string | undefined;
}

/**
 * The save of a CRM record form (C3, C9): one save at a time, the version it edits, a field the
 * service refused (its code beside the field, focus moved there) and a 409 conflict with
 * "Reload their version" (take the server's copy) or "Keep mine" (save again over it). It asks
 * its element to render whenever its state changes.
 */
export class RecordSave<T extends { version: number }> {
  /** Why the last save failed. */
  failure?: SaveFailure<T>;
  /** A save is under way. */
  saving = false;
  /** The version the form edits. */
  version = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: RecordSaveOptions<T>,
  ) {}

  /** Saves unless a save is under way. */
  async submit(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    this.failure = undefined;
    this.host.requestUpdate();
    try {
      this.options.saved(await this.options.save(this.version));
    } catch (error) {
      const failure = saveFailure<T>(error);
      this.failure = failure;
      if (failure.kind === 'field') {
        await this.host.updateComplete;
        this.host.shadowRoot?.getElementById(failure.field)?.focus();
      }
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }

  /** The message beside `field`, when the service refused it. */
  fieldError(field: string): string | undefined {
    const failure = this.failure;
    if (failure?.kind !== 'field' || failure.field !== field) return undefined;
    return this.options.describe(failure.code, failure.value) ?? failure.message;
  }

  /** The agent changed `field`: its refusal no longer applies. */
  edited(field: string): void {
    if (this.failure?.kind === 'field' && this.failure.field === field) this.failure = undefined;
  }

  /** The conflict or other failure, then Save and Cancel. */
  renderFooter(t: Translate<SaveTextKey>, onCancel: () => void) {
    const failure = this.failure;
    return html`${failure?.kind === 'conflict'
        ? html`<div class="alert" role="alert">
            <p>${t('conflict')}</p>
            <div class="actions">
              <button type="button" @click=${() => this._reloadTheirs()}>${t('reloadTheirs')}</button>
              <button type="button" class="primary" @click=${() => this._keepMine()}>${t('keepMine')}</button>
            </div>
          </div>`
        : nothing}
      ${failure?.kind === 'other' ? html`<p class="alert" role="alert">${t('saveFailed')}: ${errorMessage(failure.error, t)}</p>` : nothing}
      <div class="actions">
        <button type="submit" class="primary" aria-disabled=${this.saving ? 'true' : 'false'}>${this.saving ? t('saving') : t('save')}</button>
        <button type="button" @click=${onCancel}>${t('cancel')}</button>
      </div>`;
  }

  private _reloadTheirs(): void {
    if (this.failure?.kind !== 'conflict') return;
    const { current } = this.failure;
    this.version = current.version;
    this.failure = undefined;
    this.options.reload(current);
    this.host.requestUpdate();
  }

  private _keepMine(): void {
    if (this.failure?.kind !== 'conflict') return;
    this.version = this.failure.current.version;
    void this.submit();
  }
}
