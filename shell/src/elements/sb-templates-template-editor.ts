import {
  TEMPLATE_VARIABLES,
  TemplatesErrorCode,
  type Locale,
  type Template,
  type TemplateKind,
  type TemplateScope,
  type TemplateSummary,
  type User,
} from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { TemplatesPageClient } from '../templates/templates-client';
import { translateTemplates } from '../templates/templates-messages';
import { editorStyles, scopesFor } from './sb-templates-editor-styles';
import { sharedStyles } from './shared-styles';

const LANGUAGES: Locale[] = ['cs', 'en'];
const VARIABLES = TEMPLATE_VARIABLES.map((name) => `{{ ${name} }}`).join(', ');

/**
 * Creates or edits one template: kind, name, folder, language, scope, frame, and the Liquid
 * body. A body the service refuses (an unknown placeholder, invalid Liquid) is shown as the
 * body field's error; a stale edit as a conflict with Reload.
 * @fires sb-templates-changed - detail `{ template, deleted }`: saved or deleted
 */
@customElement('sb-templates-template-editor')
export class SbTemplatesTemplateEditor extends LitElement {
  static override styles = [sharedStyles, editorStyles];

  /** The template to edit; none creates one. */
  @property({ attribute: false }) template?: Template;
  /** The frames an answer may sit in. */
  @property({ attribute: false }) frames: TemplateSummary[] = [];
  @property({ attribute: false }) user?: User;
  @property() locale: Locale = 'en';
  @property({ attribute: false }) client?: TemplatesPageClient;

  @state() private _kind: TemplateKind = 'answer';
  @state() private _language: Locale = 'en';
  @state() private _scope: TemplateScope = 'personal';
  @state() private _bodyError = '';
  @state() private _error = '';
  @state() private _conflict = false;
  @state() private _status = '';
  @state() private _busy = false;

  @query('form') private _form?: HTMLFormElement;
  @query('h2') private _heading?: HTMLElement;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('template')) {
      this._kind = this.template?.kind ?? 'answer';
      this._language = this.template?.language ?? this.locale;
      this._scope = this.template?.scope ?? 'personal';
    }
  }

  /** Moves focus to the editor's heading (the page opened it). */
  focusHeading(): void {
    this._heading?.focus();
  }

  private _fields() {
    const data = new FormData(this._form);
    const get = (name: string) => String(data.get(name) ?? '');
    return {
      name: get('name'),
      folder: get('folder').trim(),
      language: this._language,
      body: get('body'),
      parentId: this._kind === 'answer' ? get('parent') || null : null,
      teamId: get('team') || null,
    };
  }

  private async _write(write: (client: TemplatesPageClient) => Promise<Template | null>, done: string): Promise<void> {
    if (!this.client || this._busy) return;
    this._busy = true;
    this._bodyError = this._error = this._status = '';
    this._conflict = false;
    try {
      const result = await write(this.client);
      if (result) this.template = result;
      this._status = done;
      this.dispatchEvent(new CustomEvent('sb-templates-changed', { detail: { template: result, deleted: !result }, bubbles: true, composed: true }));
    } catch (error) {
      this._showError(error);
    } finally {
      this._busy = false;
    }
  }

  private _showError(error: unknown): void {
    const t = translateTemplates(this.locale);
    const details = (error instanceof ApiError ? error.details : undefined) as { name?: string; reason?: string } | undefined;
    const code = error instanceof ApiError ? error.code : '';
    if (code === TemplatesErrorCode.unknownVariable) this._bodyError = t('unknownVariable', { name: details?.name ?? '', variables: VARIABLES });
    else if (code === TemplatesErrorCode.invalidTemplate) this._bodyError = t('invalidTemplate', { reason: details?.reason ?? '' });
    else if (code === TemplatesErrorCode.invalidTree) this._error = t('invalidTree', { reason: (error as Error).message });
    else if (code === TemplatesErrorCode.templateInUse) this._error = t('inUse');
    else if (error instanceof ApiError && error.status === 409) this._conflict = true;
    else this._error = t('saveFailed', { reason: error instanceof Error ? error.message : String(error) });
  }

  private _save(event: Event): void {
    event.preventDefault();
    const t = translateTemplates(this.locale);
    const { teamId, ...fields } = this._fields();
    const current = this.template;
    void this._write(
      (client) =>
        current
          ? client.updateTemplate(current.id, { ...fields, version: current.version })
          : client.createTemplate({ ...fields, kind: this._kind, scope: this._scope, ...(this._scope === 'team' && teamId ? { teamId } : {}) }),
      t('saved'),
    );
  }

  private _delete(): void {
    const current = this.template;
    if (current) void this._write(async (client) => (await client.deleteTemplate(current.id), null), translateTemplates(this.locale)('deleted'));
  }

  private async _reload(): Promise<void> {
    if (!this.client || !this.template) return;
    this.template = await this.client.template(this.template.id);
    this._conflict = false;
  }

  override render() {
    const t = translateTemplates(this.locale);
    const tpl = this.template;
    const readOnly = tpl ? !tpl.canEdit : false;
    const frames = this.frames.filter((f) => f.kind === 'frame' && f.language === this._language && f.id !== tpl?.id);
    const bodyInvalid = this._bodyError !== '';
    return html`
      <form class="card" aria-labelledby="template-editor-heading" @submit=${this._save}>
        <h2 id="template-editor-heading" tabindex="-1">${tpl ? t('editTemplate', { name: tpl.name }) : t('createTemplate')}</h2>
        ${this._conflict ? html`<p class="alert" role="alert">${t('conflict')} <button type="button" @click=${this._reload}>${t('reload')}</button></p>` : nothing}
        ${this._error ? html`<p class="alert" role="alert">${this._error}</p>` : nothing}
        ${keyed(
          `${tpl?.id ?? 'new'}:${tpl?.version ?? 0}`,
          html`
            ${tpl
              ? nothing
              : html`<fieldset>
                  <legend>${t('kind')}</legend>
                  ${(['answer', 'frame'] as const).map(
                    (kind) => html`<label><input type="radio" name="kind" value=${kind} .checked=${this._kind === kind} @change=${() => (this._kind = kind)} /> ${t(`kind.${kind}`)}</label>`,
                  )}
                </fieldset>`}
            <label>${t('name')} <input name="name" required maxlength="200" .value=${tpl?.name ?? ''} ?readonly=${readOnly} /></label>
            <label>${t('folder')} <input name="folder" maxlength="200" .value=${tpl?.folder ?? ''} aria-describedby="folder-hint" ?readonly=${readOnly} /></label>
            <p id="folder-hint" class="muted hint below">${t('folderHint')}</p>
            <div class="row">
              <label
                >${t('language')}
                <select name="language" ?disabled=${readOnly} @change=${(e: Event) => (this._language = (e.target as HTMLSelectElement).value as Locale)}>
                  ${LANGUAGES.map((l) => html`<option value=${l} ?selected=${l === this._language}>${t(`language.${l}`)}</option>`)}
                </select>
              </label>
              ${tpl ? html`<p>${t('scope')}: ${t(`scope.${tpl.scope}`)}</p>` : this._renderScope()}
            </div>
            ${this._kind === 'answer'
              ? html`<label
                  >${t('parent')}
                  <select name="parent" ?disabled=${readOnly}>
                    <option value="">${t('noParent')}</option>
                    ${frames.map((f) => html`<option value=${f.id} ?selected=${f.id === tpl?.parentId}>${f.name}</option>`)}
                  </select>
                </label>`
              : nothing}
            <label
              >${t('body')}
              <textarea
                name="body"
                required
                rows="10"
                maxlength="50000"
                spellcheck="false"
                ?readonly=${readOnly}
                aria-invalid=${bodyInvalid ? 'true' : 'false'}
                aria-describedby=${bodyInvalid ? 'body-error body-hint' : 'body-hint'}
                .value=${tpl?.body ?? ''}
              ></textarea>
            </label>
            ${bodyInvalid ? html`<p id="body-error" class="alert below" role="alert">${this._bodyError}</p>` : nothing}
            <p id="body-hint" class="muted hint below">${t('bodyHint', { variables: VARIABLES })}</p>
          `,
        )}
        <div class="actions">
          ${readOnly ? html`<span class="muted">${t('readOnly')}</span>` : html`<button type="submit" class="primary" ?disabled=${this._busy}>${t('save')}</button>`}
          ${tpl && !readOnly ? html`<button type="button" ?disabled=${this._busy} @click=${this._delete}>${t('delete')}</button>` : nothing}
          <span role="status">${this._status}</span>
        </div>
      </form>
    `;
  }

  private _renderScope() {
    const t = translateTemplates(this.locale);
    const teams = this.user?.teams ?? [];
    return html`<label
        >${t('scope')}
        <select name="scope" @change=${(e: Event) => (this._scope = (e.target as HTMLSelectElement).value as TemplateScope)}>
          ${scopesFor(this.user).map((s) => html`<option value=${s} ?selected=${s === this._scope}>${t(`scope.${s}`)}</option>`)}
        </select>
      </label>
      ${this._scope === 'team' && teams.length > 1
        ? html`<label
            >${t('team')}
            <select name="team">
              ${teams.map((team) => html`<option value=${team.id}>${team.name}</option>`)}
            </select>
          </label>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-templates-template-editor': SbTemplatesTemplateEditor;
  }
}
