import { initialState, Task, TaskStatus } from '@lit/task';
import type { HostApi, TemplateList, TemplateSummary } from '@switchboard/contracts';
import { errorMessage, HostController, theme, widgetStyles } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, queryAll, state } from 'lit/decorators.js';
import { messages } from './messages';
import { groupByFrame } from './template-groups';
import type { TemplateInsert } from './template-insert';
import { HttpTemplatesApi, type TemplatesApi } from './templates-api';
import './template-insert';

/** Delay between the last keystroke and the search request. */
const SEARCH_DEBOUNCE_MS = 250;

/**
 * The Templates widget (E10): the agent's templates as a tree (answers under their frames), a
 * diacritics-insensitive search, and for the chosen answer a preview inside its frame, fields
 * for what the page does not know, and *Insert into reply* (`composer.insertHtml`). Keyboard:
 * type to search, ArrowDown into the list, arrows to move, Enter to choose, Escape back.
 *
 * @csspart search - the search input
 * @csspart tree - the list of templates
 * @csspart preview - the chosen template's preview (from sb-template-insert)
 * @csspart insert - the insert button (from sb-template-insert)
 */
@customElement('sb-templates-widget')
export class TemplatesWidget extends LitElement {
  static override styles = [
    widgetStyles,
    css`
      :host {
        display: block;
        padding: 8px;
      }
      input[type='search'] {
        width: 100%;
        box-sizing: border-box;
      }
      h3 {
        margin: 8px 0 2px;
        font-size: 0.857em;
        color: ${theme.textMuted};
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li button {
        display: flex;
        width: 100%;
        justify-content: space-between;
        gap: 8px;
        text-align: start;
        border: none;
        background: none;
      }
      li button:hover {
        background: ${theme.border};
      }
      .lang {
        font-size: 0.857em;
        text-transform: uppercase;
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;

  /** Per-instance settings from the layout (none used yet). */
  @property({ attribute: false }) settings?: Record<string, unknown>;

  /** The templates service; defaults to HTTP on the host's service URL. Tests inject their own. */
  @property({ attribute: false }) api?: TemplatesApi;

  @state() private _query = '';
  /** The answer being previewed and inserted. */
  @state() private _chosen?: TemplateSummary;
  @state() private _notice = '';

  @query('input[type="search"]') private _input?: HTMLInputElement;
  @query('sb-template-insert') private _insert?: TemplateInsert;
  @queryAll('li button') private _options!: NodeListOf<HTMLButtonElement>;

  private readonly hostCtl = new HostController(this, messages);
  private _debounce?: ReturnType<typeof setTimeout>;
  /** The id of the answer to focus when the list comes back. */
  private _returnTo = '';

  /** Frames name the groups of the tree; they are never inserted alone. */
  private readonly _frames = new Task(this, {
    task: ([api], { signal }) => (api ? api.searchTemplates({ kind: 'frame' }, signal) : initialState),
    args: () => [this.api] as const,
  });

  private readonly _answers = new Task(this, {
    task: ([api, q], { signal }) => (api ? api.searchTemplates({ kind: 'answer', ...(q ? { q } : {}) }, signal) : initialState),
    args: () => [this.api, this._query] as const,
  });

  override willUpdate(): void {
    if (this.host) this.api ??= new HttpTemplatesApi(this.host);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._debounce);
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    if (this._chosen) {
      return html`<sb-template-insert
        exportparts="preview, insert"
        .host=${this.host}
        .api=${this.api}
        .template=${this._chosen}
        @sb-back=${this._onBack}
        @sb-inserted=${this._onInserted}
      ></sb-template-insert>`;
    }
    return html`<form role="search" aria-label=${t('searchLabel')} @submit=${this._onSearchSubmit}>
        <label class="visually-hidden" for="sb-template-q">${t('searchLabel')}</label>
        <input
          id="sb-template-q"
          type="search"
          part="search"
          autocomplete="off"
          placeholder=${t('searchPlaceholder')}
          .value=${this._query}
          @input=${this._onInput}
          @keydown=${this._onSearchKeydown}
        />
      </form>
      ${this._notice ? html`<p class="muted" role="status">${this._notice}</p>` : nothing}
      <div aria-busy=${this._answers.status === TaskStatus.PENDING ? 'true' : 'false'}>
        ${this._answers.render({
          pending: () => (this._answers.value ? this._renderTree(this._answers.value) : html`<p class="muted" role="status">${t('loading')}</p>`),
          complete: (list) => this._renderTree(list),
          error: (error) => html`<div class="alert" role="alert">
            <p><strong>${t('loadFailed')}</strong></p>
            <p>${errorMessage(error, t)}</p>
            <button type="button" @click=${() => void this._answers.run()}>${t('retry')}</button>
          </div>`,
        })}
      </div>`;
  }

  override async updated(): Promise<void> {
    if (!this._returnTo || this._chosen) return;
    const option = [...this._options].find((button) => button.dataset.id === this._returnTo);
    if (option) {
      this._returnTo = '';
      option.focus();
    }
  }

  private _renderTree(list: TemplateList) {
    const { t } = this.hostCtl;
    if (list.items.length === 0) return html`<p role="status"><strong>${t('empty')}</strong></p>`;
    const groups = groupByFrame(list.items, this._frames.value?.items ?? []);
    return html`<nav aria-label=${t('treeLabel')} part="tree" @keydown=${this._onListKeydown}>
      ${groups.map(
        (group, i) => html`<h3 id="sb-group-${i}">${group.frame?.name ?? t('withoutFrame')}</h3>
          <ul aria-labelledby="sb-group-${i}">
            ${group.answers.map(
              (answer) => html`<li>
                <button type="button" data-id=${answer.id} @click=${() => this._choose(answer)}>
                  <span>${answer.name}${answer.folder ? html` <span class="muted">· ${answer.folder}</span>` : nothing}</span>
                  <span class="lang muted" lang=${answer.language}>${answer.language}</span>
                </button>
              </li>`,
            )}
          </ul>`,
      )}
    </nav>`;
  }

  private async _choose(answer: TemplateSummary): Promise<void> {
    this._chosen = answer;
    this._notice = '';
    await this.updateComplete;
    await this._insert?.updateComplete;
    this._insert?.focusHeading();
  }

  private _onBack(): void {
    this._returnTo = this._chosen?.id ?? '';
    this._chosen = undefined;
  }

  private _onInserted(event: CustomEvent<TemplateSummary>): void {
    this._notice = this.hostCtl.t('inserted', { name: event.detail.name });
    this._onBack();
  }

  private _onInput(event: InputEvent): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this._debounce);
    this._debounce = setTimeout(() => (this._query = value.trim()), SEARCH_DEBOUNCE_MS);
  }

  private _onSearchSubmit(event: SubmitEvent): void {
    event.preventDefault();
    clearTimeout(this._debounce);
    this._query = this._input?.value.trim() ?? '';
  }

  private _onSearchKeydown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown') return;
    event.preventDefault();
    this._options[0]?.focus();
  }

  /** Arrows move between the answers (across groups); ArrowUp on the first returns to the search. */
  private _onListKeydown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const options = [...this._options];
    const at = options.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) this._input?.focus();
    else options[Math.min(next, options.length - 1)]?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-templates-widget': TemplatesWidget;
  }
}
