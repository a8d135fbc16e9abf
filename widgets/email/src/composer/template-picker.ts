import { Task } from '@lit/task';
import type { HostApi, RenderedTemplate, TemplateSummary } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { messages, type MessageKey } from '../messages';
import { baseStyles } from '../styles';
import type { TemplateSource } from './template-picker-api';
import { templatePickerStyles } from './template-picker-styles';

/** What the picker hands the editor: the rendered answer inside its frame. */
export interface TemplateInsertDetail {
  /** Sanitized HTML (values escaped by the templates service). */
  html: string;
  /** The template's name, for the status line. */
  name: string;
}

/** An answer the agent chose whose variables the page does not know. */
interface MissingValues {
  template: TemplateSummary;
  names: string[];
}

/** How many answers the list shows. */
const LIST_LIMIT = 20;

/** The label key of a template variable (`contact.firstName` → `var_contact_firstName`). */
function variableLabelKey(name: string): MessageKey | null {
  const key = `var_${name.replace('.', '_')}`;
  return Object.hasOwn(messages.en, key) ? (key as MessageKey) : null;
}

/**
 * The template picker of the composer (E10): answers matching what the agent types, most fitting
 * first, with a preview of the highlighted one rendered inside its frame. Arrows move, Enter
 * inserts, Escape closes. Opened by `::` in the body, it follows the text typed after `::`
 * (`query`; the editor forwards the keys through `handleKey`); opened by the toolbar's Template
 * button, it has a search field of its own. Variables the page lacks are asked for first.
 *
 * @fires sb-template-insert - detail: TemplateInsertDetail, the answer to insert
 * @fires sb-close - the agent closed the picker (Escape or Close)
 * @csspart preview - the rendered preview
 */
@customElement('sb-template-picker')
export class TemplatePicker extends LitElement {
  static override styles = [baseStyles, templatePickerStyles];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The templates service and the page's values. */
  @property({ attribute: false }) source?: TemplateSource;

  /** What was typed after `::` in the body; unset shows the picker's own search field. */
  @property({ attribute: false }) query?: string;

  @state() private _search = '';
  @state() private _active = 0;
  @state() private _missing?: MissingValues;
  @state() private _values: Record<string, string> = {};
  @state() private _busy = false;
  @state() private _error = '';

  @query('#template-search') private _searchInput?: HTMLInputElement;

  private readonly hostCtl = new HostController(this, messages);

  private readonly _results = new Task(this, {
    task: async ([source, q], { signal }): Promise<TemplateSummary[]> =>
      source ? (await source.api.searchTemplates({ kind: 'answer', limit: LIST_LIMIT, ...(q ? { q } : {}) }, signal)).items : [],
    args: () => [this.source, (this.query ?? this._search).trim()] as const,
  });

  private readonly _preview = new Task(this, {
    task: async ([source, id], { signal }): Promise<RenderedTemplate | undefined> =>
      source && id ? source.api.renderTemplate(id, { context: await source.context() }, signal) : undefined,
    args: () => [this.source, this._highlighted?.id] as const,
  });

  /** Moves focus into the picker: its search field, or the first value it asks for. */
  override focus(): void {
    (this.renderRoot.querySelector<HTMLInputElement>('form input') ?? this._searchInput)?.focus();
  }

  /**
   * Handles a key pressed in the body while the picker follows `::`: true when the picker used it
   * (arrows, Enter, Escape), so the editor does not.
   */
  handleKey(event: KeyboardEvent): boolean {
    if (this._missing) return false;
    const items = this._results.value ?? [];
    switch (event.key) {
      case 'ArrowDown':
        this._active = Math.min(this._active + 1, Math.max(items.length - 1, 0));
        return true;
      case 'ArrowUp':
        this._active = Math.max(this._active - 1, 0);
        return true;
      case 'Enter':
        if (this._highlighted) void this._choose(this._highlighted);
        return true;
      case 'Escape':
        this._close();
        return true;
      default:
        return false;
    }
  }

  private get _highlighted(): TemplateSummary | undefined {
    return this._results.value?.[this._active];
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query')) this._active = 0;
  }

  override render() {
    if (!this.host || !this.source) return nothing;
    const { t } = this.hostCtl;
    return html`<div class="picker" @keydown=${this._onKeydown}>
      ${this.query === undefined && !this._missing ? this._renderSearch() : nothing}
      ${this._missing ? this._renderMissing(this._missing) : this._renderList()}
      ${this._error ? html`<p class="alert" role="alert">${this._error}</p>` : nothing}
      <button type="button" class="close" @click=${this._close}>${t('templateClose')}</button>
    </div>`;
  }

  private _renderSearch() {
    const { t } = this.hostCtl;
    const items = this._results.value ?? [];
    return html`<label for="template-search">${t('templateSearch')}</label>
      <input
        id="template-search"
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded="true"
        aria-controls="template-options"
        aria-activedescendant=${items.length ? `template-option-${this._active}` : nothing}
        placeholder=${t('templateSearchHint')}
        .value=${this._search}
        @input=${this._onSearch}
      />`;
  }

  private _renderList() {
    const { t } = this.hostCtl;
    return this._results.render({
      pending: () => html`<p class="muted" role="status">${t('templatesLoading')}</p>`,
      error: (error) => html`<p class="alert" role="alert">${t('templatesFailed', { message: errorMessage(error, t) })}</p>`,
      complete: (items) =>
        items.length === 0
          ? html`<p class="muted" role="status">${t('templatesNone')}</p>`
          : html`<ul id="template-options" role="listbox" aria-label=${t('templatesLabel')}>
                ${items.map(
                  (item, index) => html`<li
                    id="template-option-${index}"
                    role="option"
                    aria-selected=${index === this._active ? 'true' : 'false'}
                    @mousedown=${(event: MouseEvent) => event.preventDefault()}
                    @click=${() => void this._choose(item)}
                  >
                    ${item.name}${item.folder ? html` <span class="muted">${item.folder}</span>` : nothing}
                  </li>`,
                )}
              </ul>
              <p class="visually-hidden" role="status">${t('templateCount', { count: items.length })}</p>
              ${this._renderPreview()}`,
    });
  }

  private _renderPreview() {
    const { t } = this.hostCtl;
    const name = this._highlighted?.name ?? '';
    return this._preview.render({
      pending: () => html`<p class="muted">${t('templatePreviewLoading')}</p>`,
      error: (error) => html`<p class="alert">${t('templatesFailed', { message: errorMessage(error, t) })}</p>`,
      // The templates service escapes every value and sanitizes the result like mail bodies.
      complete: (rendered) =>
        rendered
          ? html`<section class="preview" part="preview" aria-label=${t('templatePreview', { name })}>${unsafeHTML(rendered.preview)}</section>`
          : nothing,
    });
  }

  private _renderMissing(missing: MissingValues) {
    const { t } = this.hostCtl;
    return html`<form @submit=${this._onSubmitValues}>
      <h4>${t('templateMissing', { name: missing.template.name })}</h4>
      ${missing.names.map((name) => {
        const key = variableLabelKey(name);
        const id = `template-var-${name.replace('.', '-')}`;
        return html`<label for=${id}>${key ? t(key) : name}</label>
          <input id=${id} name=${name} required autocomplete="off" .value=${this._values[name] ?? ''} @input=${this._onValue} />`;
      })}
      <button type="submit" class="primary" aria-disabled=${this._busy ? 'true' : 'false'}>
        ${this._busy ? t('templateInserting') : t('templateInsert')}
      </button>
    </form>`;
  }

  private _onSearch(event: InputEvent): void {
    this._search = (event.target as HTMLInputElement).value;
    this._active = 0;
  }

  private _onValue(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    this._values = { ...this._values, [input.name]: input.value };
  }

  private _onKeydown(event: KeyboardEvent): void {
    const fromSearch = event.target === this._searchInput;
    if (fromSearch ? this.handleKey(event) : event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (!fromSearch) this._close();
    }
  }

  private _onSubmitValues(event: SubmitEvent): void {
    event.preventDefault();
    if (this._missing) void this._choose(this._missing.template);
  }

  /** Renders the answer with the page's values and what the agent typed; inserts it, or asks for what is missing. */
  private async _choose(template: TemplateSummary): Promise<void> {
    const source = this.source;
    if (!source || this._busy) return;
    this._busy = true;
    this._error = '';
    try {
      const values = this._missing?.template.id === template.id ? this._values : {};
      const rendered = await source.api.renderTemplate(template.id, { context: await source.context(), values, insert: true });
      if (rendered.html !== null) {
        const detail: TemplateInsertDetail = { html: rendered.html, name: template.name };
        this.dispatchEvent(new CustomEvent<TemplateInsertDetail>('sb-template-insert', { detail, bubbles: true, composed: true }));
        return;
      }
      const first = this._missing?.template.id !== template.id;
      this._missing = { template, names: rendered.missing };
      if (first) this._values = {};
      await this.updateComplete;
      this.focus();
    } catch (error) {
      this._error = this.hostCtl.t('templateFailed', { message: errorMessage(error, this.hostCtl.t) });
    } finally {
      this._busy = false;
    }
  }

  private _close(): void {
    this.dispatchEvent(new CustomEvent('sb-close', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-template-picker': TemplatePicker;
  }
}
