import { initialState, Task, TaskStatus } from '@lit/task';
import type { ArticleSummary, HostApi } from '@switchboard/contracts';
import { HostController, widgetStyles } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ArticleReader } from './article-reader';
import { HttpArticlesApi, type ArticlesApi } from './articles-api';
import { EmailTopicController } from './email-topic';
import { messages } from './messages';
import './article-reader';

/** Quiet time after a keystroke before the search runs. */
const SEARCH_DEBOUNCE_MS = 200;

/** How much of the email a suggestion sends (the contract's limits are higher). */
const TOPIC_SUBJECT_CHARS = 500;
const TOPIC_TEXT_CHARS = 2000;

/**
 * The Articles widget of the email detail page (A1, A2): the articles suggested for the page's
 * email on top, then search as the agent types; an article opens inside the widget with Back to
 * the list.
 *
 * @csspart search - the search box
 * @csspart list - the list of results
 */
@customElement('sb-articles-widget')
export class ArticlesWidget extends LitElement {
  static override styles = [
    widgetStyles,
    css`
      :host {
        display: block;
        padding: 8px;
      }
      ul {
        list-style: none;
        margin: 6px 0;
        padding: 0;
      }
      li {
        padding: 4px 0;
      }
      .snippet {
        margin: 2px 0 0;
        font-size: 0.857em;
      }
      h2 {
        font-size: 1em;
        margin: 0 0 4px;
      }
      .suggested {
        margin-bottom: 8px;
      }
      mark {
        background: #fff8c5;
        color: inherit;
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;
  /** Per-instance settings from the layout (none used yet). */
  @property({ attribute: false }) settings?: Record<string, unknown>;
  /** The knowledge-base service; defaults to HTTP on the host's service URL. Tests inject their own. */
  @property({ attribute: false }) api?: ArticlesApi;

  @state() private _query = '';
  /** The article read inside the widget, if any. */
  @state() private _openId = '';

  @query('input[type="search"]') private _input?: HTMLInputElement;
  @query('sb-article-reader') private _reader?: ArticleReader;

  private readonly hostCtl = new HostController(this, messages);
  private readonly topic = new EmailTopicController(this);
  private _debounce?: ReturnType<typeof setTimeout>;
  private _lastOpened = '';

  private readonly _search = new Task(this, {
    task: ([q], { signal }) => (this.api && q ? this.api.search({ q, limit: 10 }, signal) : initialState),
    args: () => [this._query] as const,
  });

  private readonly _suggestions = new Task(this, {
    task: ([subject, text], { signal }) =>
      this.api && (subject || text)
        ? this.api.suggest({ subject: subject.slice(0, TOPIC_SUBJECT_CHARS), text: text.slice(0, TOPIC_TEXT_CHARS), limit: 3 }, signal)
        : initialState,
    args: () => [this.topic.topic?.subject ?? '', this.topic.topic?.text ?? ''] as const,
  });

  override willUpdate(): void {
    if (this.host) this.api ??= new HttpArticlesApi(this.host);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._debounce);
  }

  override render() {
    if (!this.host) return nothing;
    if (this._openId) {
      return html`<sb-article-reader .host=${this.host} .api=${this.api} .articleId=${this._openId} @sb-back=${this._onBack}></sb-article-reader>`;
    }
    const { t } = this.hostCtl;
    return html`
      ${this._renderSuggestions()}
      <form role="search" aria-label=${t('searchLabel')} @submit=${(e: SubmitEvent) => e.preventDefault()}>
        <label class="visually-hidden" for="sb-articles-q">${t('searchLabel')}</label>
        <input id="sb-articles-q" part="search" type="search" .value=${this._query} placeholder=${t('searchPlaceholder')} @input=${this._onInput} />
      </form>
      <div aria-busy=${this._search.status === TaskStatus.PENDING ? 'true' : 'false'}>${this._renderResults()}</div>
    `;
  }

  private _renderResults() {
    const { t } = this.hostCtl;
    return this._search.render({
      initial: () => html`<p class="muted">${t('typeToSearch')}</p>`,
      pending: () => html`<p class="muted" role="status">${t('loading')}</p>`,
      error: () => html`<p role="alert">${t('loadFailed')}</p><button @click=${() => void this._search.run()}>${t('retry')}</button>`,
      complete: (list) => {
        if (list.items.length === 0) return html`<p role="status">${t('empty')}</p>`;
        return html`
          ${list.correctedQuery ? html`<p class="muted" role="status">${t('correctedTo', { query: list.correctedQuery })}</p>` : nothing}
          <ul part="list" aria-label=${t('resultsLabel')}>
            ${repeat(
              list.items,
              (hit) => hit.article.id,
              (hit) => this._item(hit.article, hit.snippet),
            )}
          </ul>
        `;
      },
    });
  }

  private _renderSuggestions() {
    const { t } = this.hostCtl;
    const section = (body: unknown) =>
      html`<section class="suggested" aria-labelledby="sb-articles-suggested"><h2 id="sb-articles-suggested">${t('suggestedHeading')}</h2>${body}</section>`;
    return this._suggestions.render({
      initial: () => nothing,
      pending: () => section(html`<p class="muted" role="status">${t('loading')}</p>`),
      error: () => section(html`<p role="alert">${t('loadFailed')}</p><button @click=${() => void this._suggestions.run()}>${t('retry')}</button>`),
      complete: (list) =>
        section(
          list.items.length === 0
            ? html`<p class="muted">${t('noSuggestions')}</p>`
            : html`<ul part="suggestions" aria-labelledby="sb-articles-suggested">
                ${repeat(
                  list.items,
                  (s) => s.article.id,
                  (s) => this._item(s.article, s.snippet, s.terms),
                )}
              </ul>`,
        ),
    });
  }

  /** One article of a list: its title opens it; the snippet, and the words it shares with the email. */
  private _item(article: ArticleSummary, snippet: string, terms?: string[]) {
    return html`<li>
      <button class="link" data-id=${article.id} lang=${article.language} @click=${() => this._open(article.id)}>${article.title}</button>
      <p class="snippet muted">${unsafeHTML(snippet)}</p>
      ${terms?.length ? html`<p class="snippet muted">${this.hostCtl.t('sharedWords', { words: terms.join(', ') })}</p>` : nothing}
    </li>`;
  }

  private _onInput(event: InputEvent): void {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this._debounce);
    this._debounce = setTimeout(() => (this._query = value), SEARCH_DEBOUNCE_MS);
  }

  private async _open(id: string): Promise<void> {
    this._openId = id;
    this._lastOpened = id;
    await this.updateComplete;
    await this._reader?.updateComplete;
  }

  /** Back to the list, focus on the article the agent came from. */
  private async _onBack(): Promise<void> {
    this._openId = '';
    await this.updateComplete;
    const button = this.renderRoot.querySelector<HTMLButtonElement>(`button[data-id="${this._lastOpened}"]`);
    (button ?? this._input)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-articles-widget': ArticlesWidget;
  }
}
