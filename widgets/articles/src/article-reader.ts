import { Task } from '@lit/task';
import type { HostApi } from '@switchboard/contracts';
import { HostController, widgetStyles } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ArticlesApi } from './articles-api';
import { messages } from './messages';

/**
 * One article read inside the widget (A2), with Back, "Open in Knowledge base" (the shell's
 * page of the article in a new tab, a tab back to the email), and "Insert link" and "Insert
 * excerpt" (the text selected in the article) into the reply through `composer.insertText`.
 *
 * @fires sb-back - the agent goes back to the list
 * @csspart body - the article's sanitized body
 */
@customElement('sb-article-reader')
export class ArticleReader extends LitElement {
  static override styles = [
    widgetStyles,
    css`
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 6px 0;
      }
      h2 {
        font-size: 1.143em;
        margin: 6px 0;
      }
      .body {
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The host API. */
  @property({ attribute: false }) host?: HostApi;
  /** The knowledge-base service. */
  @property({ attribute: false }) api?: ArticlesApi;
  /** The id of the article to show. */
  @property() articleId = '';

  @state() private _notice = '';
  @query('h2') private _heading?: HTMLElement;
  @query('.body') private _body?: HTMLElement;
  /** The selection when Insert excerpt was pressed. */
  private _pressed = '';

  private readonly hostCtl = new HostController(this, messages);

  private readonly _article = new Task(this, {
    task: ([id], { signal }) => this.api!.getArticle(id, signal),
    args: () => [this.articleId] as const,
  });

  /** Moves keyboard focus to the article's title. */
  focusHeading(): void {
    this._heading?.focus();
  }

  override render() {
    const { t } = this.hostCtl;
    const back = html`<button @click=${this._onBack}>${t('back')}</button>`;
    return this._article.render({
      pending: () => html`${back}<p role="status">${t('loading')}</p>`,
      error: () => html`${back}<p role="alert">${t('articleFailed')}</p>
        <button @click=${() => void this._article.run()}>${t('retry')}</button>`,
      complete: (article) => html`
        <div class="actions">
          ${back}
          <button @click=${() => this.host?.openTab({ path: this._path(), title: article.title })}>${t('openInKb')}</button>
          <button @click=${this._onInsertLink}>${t('insertLink')}</button>
          <button @pointerdown=${this._onExcerptPress} @click=${this._onInsertExcerpt} title=${t('excerptHint')}>${t('insertExcerpt')}</button>
        </div>
        <p class="muted" role="status">${this._notice || nothing}</p>
        <h2 tabindex="-1" lang=${article.language}>${article.title}</h2>
        <div class="body" part="body" role="document" lang=${article.language}>${unsafeHTML(article.bodyHtml)}</div>
      `,
    });
  }

  /** The shell's route of this article. */
  private _path(): string {
    return `/kb/articles/${this.articleId}`;
  }

  /** The shell's page of this article as a whole URL: what "Insert link" puts into the reply. */
  private _link(): string {
    return new URL(this._path(), globalThis.location?.origin ?? 'http://localhost').href;
  }

  private _onBack(): void {
    this.dispatchEvent(new CustomEvent('sb-back', { bubbles: true, composed: true }));
  }

  private _onInsertLink(): void {
    this._insert(this._link());
  }

  /**
   * The article's text the agent has selected, if any: from the document's selection (Firefox,
   * Safari) or the shadow root's (Chromium), whichever lies in the article's body. Never the shadow
   * root's alone: ProseMirror patches a `getSelection` onto the ShadowRoot prototype that answers
   * with the first document it met, which in a shared DOM (tests) is not this one.
   */
  private _selectedText(): string {
    const root = this.shadowRoot as (ShadowRoot & { getSelection?: () => Selection | null }) | null;
    const inBody = (selection: Selection | null | undefined) => !!selection?.anchorNode && !!this._body?.contains(selection.anchorNode);
    const selection = [document.getSelection(), root?.getSelection?.()].find(inBody);
    return selection?.toString().trim() ?? '';
  }

  /** Pressing the button may drop the selection before the click (some browsers, and happy-dom): keep it. */
  private _onExcerptPress(): void {
    this._pressed = this._selectedText();
  }

  private _onInsertExcerpt(): void {
    const text = this._selectedText() || this._pressed;
    this._pressed = '';
    if (!text) {
      this._notice = this.hostCtl.t('excerptHint');
      return;
    }
    this._insert(text);
  }

  private _insert(text: string): void {
    this.host?.emit('composer.insertText', { text });
    this._notice = this.hostCtl.t('inserted');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-article-reader': ArticleReader;
  }
}
