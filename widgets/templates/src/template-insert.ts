import { Task, TaskStatus } from '@lit/task';
import type { HostApi, RenderContext, RenderedTemplate, TemplateSummary } from '@switchboard/contracts';
import { errorMessage, HostController, theme, widgetStyles } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { messages, variableLabelKey } from './messages';
import type { TemplatesApi } from './templates-api';

/** What the page tells about itself, as the templates service's render context. */
function renderContextOf(host: HostApi): RenderContext {
  const { ticket, user } = host.context();
  return {
    agent: { name: user.name },
    ...(ticket ? { ticket: { number: ticket.number, title: ticket.title } } : {}),
  };
}

/**
 * One chosen answer: its preview rendered inside its frame with the page's context (E10), a
 * field for every variable the page lacks, and *Insert into reply*, which renders it with what
 * the agent typed and hands the HTML to the composer (`composer.insertHtml`).
 *
 * @fires sb-back - the agent goes back to the list (button or Escape)
 * @fires sb-inserted - detail: the inserted template
 * @csspart preview - the rendered preview
 * @csspart insert - the insert button
 */
@customElement('sb-template-insert')
export class TemplateInsert extends LitElement {
  static override styles = [
    widgetStyles,
    css`
      :host {
        display: block;
      }
      h3 {
        margin: 8px 0 4px;
        font-size: 1em;
      }
      .preview {
        border: 1px solid ${theme.border};
        border-radius: 4px;
        padding: 4px 8px;
        max-height: 16em;
        overflow: auto;
      }
      .preview mark {
        background: #fff8c5;
        color: #4d2d00;
      }
      label {
        display: block;
        margin-top: 6px;
      }
      input {
        width: 100%;
        box-sizing: border-box;
      }
      .actions {
        display: flex;
        gap: 6px;
        margin-top: 8px;
      }
    `,
  ];

  /** The host API: context, language, events. */
  @property({ attribute: false }) host?: HostApi;

  /** The templates service. */
  @property({ attribute: false }) api?: TemplatesApi;

  /** The answer the agent chose. */
  @property({ attribute: false }) template?: TemplateSummary;

  /** What the agent typed for missing variables, by name. */
  @state() private _values: Record<string, string> = {};
  @state() private _inserting = false;
  @state() private _notice = '';

  @query('h3') private _heading?: HTMLElement;

  private readonly hostCtl = new HostController(this, messages);

  private readonly _preview = new Task(this, {
    task: ([template], { signal }) => {
      if (!template || !this.api || !this.host) return undefined;
      return this.api.renderTemplate(template.id, { context: renderContextOf(this.host) }, signal);
    },
    args: () => [this.template] as const,
  });

  /** Moves focus to the preview's heading, so the agent hears which template was chosen. */
  focusHeading(): void {
    this._heading?.focus();
  }

  override render() {
    if (!this.host || !this.template) return nothing;
    const { t } = this.hostCtl;
    return html`<div @keydown=${this._onKeydown}>
      <button type="button" class="link" @click=${this._back}>${t('back')}</button>
      <h3 tabindex="-1">${t('previewHeading', { name: this.template.name })}</h3>
      ${this._preview.render({
        pending: () => html`<p class="muted" role="status">${t('previewLoading')}</p>`,
        complete: (rendered) => (rendered ? this._renderPreview(rendered) : nothing),
        error: (error) => html`<div class="alert" role="alert">
          <p><strong>${t('renderFailed')}</strong></p>
          <p>${errorMessage(error, t)}</p>
          <button type="button" @click=${() => void this._preview.run()}>${t('retry')}</button>
        </div>`,
      })}
      <p class="muted" role="status">${this._notice}</p>
    </div>`;
  }

  private _renderPreview(rendered: RenderedTemplate) {
    const { t } = this.hostCtl;
    // The service escapes every value and sanitizes the result with the mail body's allowlist.
    return html`<div class="preview" part="preview">${unsafeHTML(rendered.preview)}</div>
      ${rendered.missing.length
        ? html`<form @submit=${this._onSubmit}>
            <h4>${t('missingHeading')}</h4>
            <p class="muted">${t('missingHint')}</p>
            ${rendered.missing.map((name) => this._renderField(name))}
            ${this._renderActions()}
          </form>`
        : html`<form @submit=${this._onSubmit}>${this._renderActions()}</form>`}`;
  }

  private _renderField(name: string) {
    const key = variableLabelKey(name);
    const id = `sb-var-${name.replace('.', '-')}`;
    return html`<label for=${id}>${key ? this.hostCtl.t(key) : name}</label>
      <input id=${id} name=${name} required autocomplete="off" .value=${this._values[name] ?? ''} @input=${this._onValue} />`;
  }

  private _renderActions() {
    const { t } = this.hostCtl;
    return html`<div class="actions">
      <button type="submit" class="primary" part="insert" ?disabled=${this._inserting || this._preview.status !== TaskStatus.COMPLETE}>
        ${this._inserting ? t('inserting') : t('insert')}
      </button>
    </div>`;
  }

  private _onValue(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    this._values = { ...this._values, [input.name]: input.value };
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this._back();
    }
  }

  private _back(): void {
    this.dispatchEvent(new CustomEvent('sb-back', { bubbles: true, composed: true }));
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.hostCtl;
    const template = this.template;
    if (!template || !this.api || !this.host || this._inserting) return;
    this._inserting = true;
    this._notice = '';
    try {
      const rendered = await this.api.renderTemplate(template.id, { context: renderContextOf(this.host), values: this._values, insert: true });
      if (rendered.html === null) {
        this._notice = t('stillMissing', { names: rendered.missing.join(', ') });
        return;
      }
      // Formatted as written; the composer keeps what its schema allows, as one undo step.
      this.host.emit('composer.insertHtml', { html: rendered.html });
      this._notice = t('inserted', { name: template.name });
      this.dispatchEvent(new CustomEvent<TemplateSummary>('sb-inserted', { detail: template, bubbles: true, composed: true }));
    } catch (error) {
      this._notice = errorMessage(error, t);
    } finally {
      this._inserting = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-template-insert': TemplateInsert;
  }
}
