import type { Attachment, Email, HostApi, RecipientSuggestions } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { AttachmentUrls } from '../attachment-urls';
import { Autosaver, type AutosaveOptions, type SaveState } from '../draft/autosave';
import { DraftBackup } from '../draft/draft-backup';
import type { DraftFields } from '../draft/draft-fields';
import type { RichEditor } from '../editor/rich-editor';
import { formatTime } from '../format';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';
import { AttachmentStore } from './attachment-store';
import { composerStyles } from './composer-styles';
import type { DiscardDialog } from './discard-dialog';
import { DraftActions } from './draft-actions';
import type { QueuePicker } from './queue-picker';
import type { RecipientField, RecipientFieldName, RecipientsChange } from './recipient-field';
import { openComposerSync, type ComposerSync } from '../sync/composer-sync';
import type { ConflictDecision, SyncConflictDialog } from '../sync/conflict-dialog';
import type { FieldConflict } from '../sync/field-merge';
import type { SendLaterDialog } from './send-later-dialog';
import type { SendMacroDetail } from './send-menu';
import type { TemplateSource } from './template-picker-api';
import { composerTemplateSource } from './template-picker-context';
import '../editor/rich-editor';
import './attachments-panel';
import './discard-dialog';
import './queue-picker';
import './recipient-field';
import '../sync/conflict-dialog';
import './send-later-dialog';
import './send-menu';
import './undo-window';

/** Autosave timings; tests shorten them. */
/** How long the agent must stop typing before a conflict dialog opens (T2). */
const TYPING_PAUSE_MS = 700;

export type SaveTimings = Pick<AutosaveOptions, 'debounceMs' | 'maxWaitMs' | 'retryDelaysMs'>;

/** Messages tied to fields by the send check. */
interface FieldErrors {
  queue?: string;
  to?: string;
}

const RECIPIENT_FIELDS: readonly RecipientFieldName[] = ['to', 'cc', 'bcc'];

/**
 * The composer of a draft (E2-E9, E11, E12): queue and From, To/Cc/Bcc chips, subject, the
 * rich-text body, attachments, Important, Discard, Postpone and Send (`DraftActions`), with
 * continuous autosave.
 *
 * @fires sb-email-updated - detail: the Email after Send (now queued)
 * @csspart fields - the queue, recipients and subject rows
 * @csspart actions - the action bar
 * @csspart status - the save and send status line
 */
@customElement('sb-email-composer')
export class EmailComposer extends LitElement {
  static override styles = [baseStyles, composerStyles];

  /** The host API: context, language, events, navigation. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** The draft as loaded; later server copies come through autosave. */
  @property({ attribute: false }) email?: Email;

  /** Autosave timings (defaults: 600 ms quiet, 3 s at most, retries from 1 s to 30 s). */
  @property({ attribute: false }) saveTimings?: SaveTimings;

  @state() private _saveState?: SaveState;
  @state() private _errors: FieldErrors = {};
  @state() private _actionError = '';
  @state() private _attachmentsRevision = 0;
  /** Fields changed elsewhere while edited here (T2). */
  @state() private _conflicts: readonly FieldConflict[] = [];
  @state() private _offline = false;

  @query('sb-rich-editor') private _editor?: RichEditor;

  /** Inserts text another widget asked for (`composer.insertText`) at the body's cursor; it autosaves. */
  insertText(text: string): void {
    this._editor?.insertText(text);
  }

  /** Inserts HTML another widget asked for (`composer.insertHtml`) at the body's cursor, as one undo step; it autosaves. */
  insertHtml(value: string): void {
    this._editor?.insertHtml(value);
  }

  /** Templates for the body (E10); by default the templates service, when the host gives the widget one. */
  @property({ attribute: false }) templates?: TemplateSource;
  @query('sb-discard-dialog') private _discardDialog?: DiscardDialog;
  @query('sb-sync-conflict-dialog') private _syncDialog?: SyncConflictDialog;
  private _dialogTimer?: ReturnType<typeof setTimeout>;
  @query('sb-queue-picker') private _queuePicker?: QueuePicker;
  @query('.discard-open') private _discardButton?: HTMLButtonElement;
  @query('sb-send-later-dialog') private _sendLaterDialog?: SendLaterDialog;
  @query('.send-later') private _sendLaterButton?: HTMLButtonElement;

  private readonly hostCtl = new HostController(this, messages);
  private readonly _actions = new DraftActions(this, {
    draft: () => (this.email && this.api && this._saver ? { email: this.email, api: this.api, saver: this._saver, backup: this._backup } : undefined),
    host: () => this.hostCtl.host,
    t: (key, params) => this.hostCtl.t(key, params),
    alert: (message) => (this._actionError = message),
  });
  private _saver?: Autosaver;
  private _backup?: DraftBackup;
  /** Live sync with the other tabs and devices (T1). */
  private _live?: ComposerSync;
  private _store?: AttachmentStore;
  /** The templates service's source, made once the host and the mail API are known. */
  private _templates?: TemplateSource;
  private _urls?: AttachmentUrls;
  private _suggestions?: Promise<RecipientSuggestions>;
  private _emailId = '';
  /** The body the editor starts from (the server's, or this tab's restored edits). */
  private _initialHtml = '';

  private readonly _onPageHide = () => void this._saver?.flush({ keepalive: true });
  private readonly _onVisibility = () => {
    if (document.visibilityState === 'hidden') void this._saver?.flush({ keepalive: true });
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this._onPageHide);
    document.addEventListener('visibilitychange', this._onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this._onPageHide);
    document.removeEventListener('visibilitychange', this._onVisibility);
    this._close();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('email') || changed.has('api')) && this.email && this.api && this.email.id !== this._emailId) this._open(this.email, this.api);
  }

  private get _values(): Readonly<DraftFields> | undefined {
    return this._saver?.values;
  }

  override render() {
    const values = this._values;
    if (!this.host || !this.email || !values || !this._store) return nothing;
    const { t } = this.hostCtl;
    return html`${this.email.heldAt ? html`<p class="alert held" role="alert">${t('heldBack')}</p>` : nothing}
      ${this._renderPostponed(values)} ${this._renderConflict()}
      <div class="fields" part="fields">
        <sb-queue-picker
          .host=${this.host}
          .api=${this.api}
          .value=${values.queueId}
          error=${this._errors.queue ?? ''}
          @sb-queue-change=${this._onQueue}
        ></sb-queue-picker>
        ${RECIPIENT_FIELDS.map(
          (field) => html`<sb-recipient-field
            .host=${this.host}
            field=${field}
            .addresses=${values[field]}
            ?contact=${field === 'to' && Boolean(this.email?.contactId)}
            error=${field === 'to' ? (this._errors.to ?? '') : ''}
            .suggestions=${this._loadSuggestions}
            @sb-recipients-change=${this._onRecipients}
          ></sb-recipient-field>`,
        )}
        <div class="row">
          <label for="subject">${t('subjectLabel')}</label>
          <input id="subject" type="text" maxlength="998" autocomplete="off" .value=${live(values.subject)} @input=${this._onSubject} />
        </div>
      </div>
      <sb-rich-editor
        .host=${this.host}
        .html=${this._initialHtml}
        .resolveImage=${this._resolveImage}
        .uploadImage=${this._uploadImage}
        .templates=${this._templateSource()}
        @sb-body-change=${this._onBody}
      ></sb-rich-editor>
      <sb-attachments-panel
        .host=${this.host}
        .api=${this.api}
        .store=${this._store}
        .revision=${this._attachmentsRevision}
        .ticket=${this.email.ticket ?? this.hostCtl.context.ticket}
        @sb-download=${this._onDownload}
      ></sb-attachments-panel>
      ${this._renderActions(values)}
      <sb-discard-dialog .host=${this.host} ?busy=${this._actions.busy === 'discard'} @sb-confirm=${this._onConfirmDiscard}></sb-discard-dialog>
      <sb-send-later-dialog .host=${this.host} @sb-send-later=${this._onSendLater}></sb-send-later-dialog>
      <sb-sync-conflict-dialog .host=${this.host} .conflicts=${this._conflicts} ?offline=${this._offline} @sb-resolve=${this._onResolve}></sb-sync-conflict-dialog>`;
  }

  private _renderPostponed(values: Readonly<DraftFields>) {
    if (!values.postponed) return nothing;
    const { t } = this.hostCtl;
    return html`<div class="note postponed">
      <p>${t('postponedNote')}</p>
      <button type="button" aria-disabled=${this._actions.busy === 'resume' ? 'true' : 'false'} @click=${this._onResume}>${t('resume')}</button>
    </div>`;
  }

  private _renderConflict() {
    const state = this._saveState;
    // While the live dialog lists conflicts, it decides them, a refused save included.
    if (state?.kind !== 'conflict' || this._conflicts.length > 0) return nothing;
    const { t } = this.hostCtl;
    const fields = state.fields.map((field) => t(`field_${field}`)).join(', ');
    return html`<div class="alert conflict" role="alert">
      <p><strong>${t('conflictTitle')}</strong></p>
      <p>${t('conflictText', { fields })}</p>
      <div class="buttons">
        <button type="button" class="primary" @click=${this._onKeepMine}>${t('keepMine')}</button>
        <button type="button" @click=${this._onTakeTheirs}>${t('takeTheirs')}</button>
      </div>
    </div>`;
  }

  private _renderActions(values: Readonly<DraftFields>) {
    const { t } = this.hostCtl;
    const busy = this._actions.running;
    return html`<div class="actions" part="actions">
        <button type="button" class="important" aria-pressed=${values.important ? 'true' : 'false'} @click=${this._onImportant}>
          <svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">
            <path d="M8 1.8 9.9 6l4.4.4-3.3 3 1 4.4L8 11.5l-4 2.3 1-4.4-3.3-3L6.1 6z" />
          </svg>
          ${t('important')}
        </button>
        <span class="spacer"></span>
        <button type="button" class="danger discard-open" aria-disabled=${busy ? 'true' : 'false'} @click=${this._openDiscard}>
          ${t('discard')}
        </button>
        ${values.postponed
          ? nothing
          : html`<button type="button" aria-disabled=${busy ? 'true' : 'false'} @click=${this._onPostpone}>${t('postpone')}</button>`}
        <button type="button" class="primary send" aria-disabled=${busy ? 'true' : 'false'} @click=${this._onSend}>${t('send')}</button>
        <sb-send-menu .host=${this.host} .api=${this.api} ?disabled=${busy} @sb-send-macro=${this._onSendMacro}></sb-send-menu>
        <button type="button" class="send-later" aria-haspopup="dialog" aria-disabled=${busy ? 'true' : 'false'} @click=${this._openSendLater}>
          ${t('sendLater')}
        </button>
      </div>
      <sb-undo-window .host=${this.host} .api=${this.api}></sb-undo-window>
      ${this._actionError ? html`<p class="alert" role="alert">${this._actionError}</p>` : nothing}
      <p class="save-status ${this._statusProblem() ? 'problem' : 'muted'}" part="status" role="status">${this._statusText()}</p>`;
  }

  private _statusText(): string {
    const { t, locale } = this.hostCtl;
    const state = this._saveState;
    if (this._actions.sending) return t('sendingNow');
    switch (state?.kind) {
      case 'saved':
        return t('savedAt', { time: formatTime(state.at, locale) });
      case 'saving':
        return t('saving');
      case 'retrying':
        return t('retrying');
      case 'failed':
        return t('saveFailed', { message: state.message });
      case 'conflict':
        return t('conflictStatus');
      default:
        return '';
    }
  }

  private _statusProblem(): boolean {
    const kind = this._saveState?.kind;
    return kind === 'retrying' || kind === 'failed' || kind === 'conflict';
  }

  /** Starts editing `email`: autosave (restoring this tab's unsaved edits), attachments. */
  private _open(email: Email, api: MailApi): void {
    this._close();
    this._emailId = email.id;
    this._backup = new DraftBackup(email.id);
    this._saver = new Autosaver({
      email,
      save: (body, options) => (this._live ? this._live.sync.whileSaving(() => api.patchDraft(email.id, body, options)) : api.patchDraft(email.id, body, options)),
      backup: this._backup,
      onState: (state) => (this._saveState = state),
      onSaved: (saved) => this._live?.sync.saved(saved),
      ...this.saveTimings,
    });
    this._saveState = this._saver.state;
    this._urls = new AttachmentUrls(api);
    this._store = new AttachmentStore({
      api,
      emailId: email.id,
      attachments: email.attachments,
      onChange: () => (this._attachmentsRevision += 1),
      t: () => this.hostCtl.t,
      locale: () => this.hostCtl.locale,
    });
    this._suggestions = undefined;
    this._initialHtml = this._saver.values.html;
    this._editor?.setHtml(this._initialHtml);
    this._conflicts = [];
    this._live = openComposerSync({
      email,
      api,
      onApply: (fields, server) => this._applyRemote(fields, server, false),
      onConflicts: (conflicts) => this._onConflicts(conflicts),
      onOnline: (online) => (this._offline = !online),
      onDevices: (count) => this._saver?.setWatched(count > 1),
    });
  }

  /** Saves what is left (keepalive: the page may be going) and stops the timers. */
  private _close(): void {
    clearTimeout(this._dialogTimer);
    this._dialogTimer = undefined;
    void this._saver?.flush({ keepalive: true });
    this._saver?.dispose();
    this._urls?.dispose();
    this._live?.close();
    this._live = undefined;
  }

  private _update(patch: Partial<DraftFields>): void {
    if (this._dialogTimer !== undefined) this._openDialogAfterTyping();
    this._saver?.update(patch);
    this._live?.sync.edit(patch);
    this.requestUpdate();
  }

  /** Shows values from another tab or device; `undoable` makes the body's change one Ctrl+Z step (T4). */
  private _applyRemote(fields: Partial<DraftFields>, server: Email | null, undoable: boolean): void {
    this._saver?.adoptRemote(fields, server);
    if (fields.html !== undefined) this._editor?.applyRemoteHtml(fields.html, undoable);
    this.requestUpdate();
  }

  /** Saves wait while conflicts do; a new conflicting field opens the dialog. */
  private _onConflicts(conflicts: readonly FieldConflict[]): void {
    const grew = conflicts.some((conflict) => !this._conflicts.some((known) => known.name === conflict.name));
    this._conflicts = conflicts;
    this._saver?.hold(conflicts.length > 0);
    if (grew) this._openDialogAfterTyping();
  }

  /**
   * Opens the conflict dialog once the agent pauses typing: opened mid-word, it would take the
   * keys that follow. Each edit while it waits pushes it back.
   */
  private _openDialogAfterTyping(): void {
    clearTimeout(this._dialogTimer);
    this._dialogTimer = setTimeout(() => {
      this._dialogTimer = undefined;
      if (this._conflicts.length > 0) void this._syncDialog?.open(this.renderRoot.querySelector<HTMLElement>(':focus') ?? undefined);
    }, TYPING_PAUSE_MS);
  }

  /** The agent's choice is saved from this tab; the other tabs take it without saving it again. */
  private _onResolve(event: CustomEvent<ConflictDecision>): void {
    const resolution = this._live?.sync.resolve(event.detail.choices, event.detail.all);
    if (!resolution) return;
    this._saver?.decide(resolution.apply);
    if (resolution.apply.html !== undefined) this._editor?.applyRemoteHtml(resolution.apply.html, true);
    this.requestUpdate();
  }

  private _templateSource(): TemplateSource | undefined {
    if (this.templates) return this.templates;
    if (!this._templates && this.host && this.api) {
      this._templates = composerTemplateSource(this.host, this.api, () => {
        const draft = this._values;
        return draft && { to: draft.to, queueId: draft.queueId, ticket: this.email?.ticket ?? null };
      });
    }
    return this._templates;
  }

  private readonly _loadSuggestions = (): Promise<RecipientSuggestions> => {
    if (!this.api || !this.email) return Promise.resolve({ items: [] });
    this._suggestions ??= this.api.getSuggestions(this.email.id);
    this._suggestions.catch(() => (this._suggestions = undefined));
    return this._suggestions;
  };

  private readonly _resolveImage = async (src: string): Promise<string | undefined> => {
    const attachment = this._store?.byContentId(src.replace(/^cid:/i, ''));
    return attachment && this.email ? this._urls?.urlFor(this.email.id, attachment.id) : undefined;
  };

  private readonly _uploadImage = async (file: File): Promise<string | undefined> => {
    const attachment = await this._store?.upload(file, true);
    return attachment?.contentId ? `cid:${attachment.contentId}` : undefined;
  };

  private _onQueue(event: CustomEvent<string | null>): void {
    this._errors = { ...this._errors, queue: undefined };
    this._update({ queueId: event.detail });
  }

  private _onRecipients(event: CustomEvent<RecipientsChange>): void {
    const { field, addresses } = event.detail;
    if (addresses.length > 0) this._errors = { ...this._errors, to: undefined };
    this._update({ [field]: addresses });
  }

  private _onSubject(event: InputEvent): void {
    this._update({ subject: (event.target as HTMLInputElement).value });
  }

  private _onBody(event: CustomEvent<{ html: string }>): void {
    this._update({ html: event.detail.html });
  }

  private _onImportant(): void {
    this._update({ important: !this._values?.important });
  }

  private _onDownload(event: CustomEvent<Attachment>): void {
    if (!this.email) return;
    const attachment = event.detail;
    this._urls?.download(this.email.id, attachment.id, attachment.fileName).catch((error: unknown) => {
      this._actionError = this.hostCtl.t('downloadFailed', { name: attachment.fileName, message: errorMessage(error, this.hostCtl.t) });
    });
  }

  private async _onKeepMine(): Promise<void> {
    this._saver?.keepMine();
    this.requestUpdate();
    await this.updateComplete;
    this._editor?.focus();
  }

  private async _onTakeTheirs(): Promise<void> {
    const values = this._saver?.takeTheirs();
    if (values) this._editor?.setHtml(values.html);
    this.requestUpdate();
    await this.updateComplete;
    this._editor?.focus();
  }

  private _recipientFields(): RecipientField[] {
    return [...this.renderRoot.querySelectorAll<RecipientField>('sb-recipient-field')];
  }

  /** The send check (E7): a queue and a recipient, every typed address valid. */
  private _validate(): boolean {
    const { t } = this.hostCtl;
    const fields = this._recipientFields();
    for (const field of fields) field.commitPending();
    const values = this._values;
    if (!values) return false;
    const errors: FieldErrors = {};
    if (!values.queueId) errors.queue = t('queueRequired');
    if (values.to.length + values.cc.length + values.bcc.length === 0) errors.to = t('recipientRequired');
    this._errors = errors;
    const invalidField = fields.find((field) => field.hasInvalidText);
    if (errors.queue) this._queuePicker?.focus();
    else if (errors.to) fields[0]?.focusInput();
    else if (invalidField) invalidField.focusInput();
    return !errors.queue && !errors.to && !invalidField;
  }

  private _onSend(): Promise<void> {
    return this._send();
  }

  private _onSendMacro(event: CustomEvent<SendMacroDetail>): Promise<void> {
    return this._send(event.detail.macroId);
  }

  private _openSendLater(): void {
    if (!this._actions.running) void this._sendLaterDialog?.open(this._sendLaterButton);
  }

  /** Send later (E15): scheduled for the chosen time. */
  private _onSendLater(event: CustomEvent<{ sendAt: string }>): Promise<void> {
    this._sendLaterDialog?.close();
    return this._send(undefined, event.detail.sendAt);
  }

  private async _send(macroId?: string, sendAt?: string): Promise<void> {
    const outcome = await this._actions.send(() => this._validate(), macroId, sendAt);
    if (outcome?.kind === 'sent') {
      this.dispatchEvent(new CustomEvent<Email>('sb-email-updated', { detail: outcome.email, bubbles: true, composed: true }));
    } else if (outcome?.kind === 'refused') {
      this._errors = { ...this._errors, [outcome.field]: outcome.message };
      if (outcome.field === 'queue') this._queuePicker?.focus();
      else this._recipientFields()[0]?.focusInput();
    }
  }

  private _onPostpone(): void {
    void this._actions.postpone();
  }

  private async _onResume(): Promise<void> {
    if (!(await this._actions.resume())) return;
    await this.updateComplete;
    this._editor?.focus();
  }

  private _openDiscard(): void {
    if (this._actions.running) return;
    void this._discardDialog?.open(this._discardButton);
  }

  private async _onConfirmDiscard(): Promise<void> {
    const outcome = await this._actions.discard();
    if (outcome) this._discardDialog?.close();
    if (outcome === 'failed') this._discardButton?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-email-composer': EmailComposer;
  }
}
