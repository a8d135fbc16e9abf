import type { Article, Locale, User } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { ApiError, formatDateTime } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { KbClient } from '../kb/kb-client';
import { translateKb } from '../kb/kb-messages';
import { onLinkClick } from '../navigation/navigate';
import { KB_HOME_PATH, kbArticlePath, matchRoute } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import './sb-kb-article-editor';
import type { ArticleEditorClient } from './sb-kb-article-editor';
import { modulePageStyles, sharedStyles } from './shared-styles';

/** Where the page reads its article and, for editors, writes it; the shell's KbClient by default. */
export type ArticleSource = ArticleEditorClient;

/**
 * The Knowledge base module page of one article (A2), opened from the Articles widget in a new
 * tab, with "Back to email" when it came from an email. The body is sanitized by the service.
 * Those who may change the article (`canEdit`) get Edit, which opens the editor in its place.
 */
@customElement('sb-kb-article-page')
export class SbKbArticlePage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    css`
      article {
        padding: 1.5rem;
      }
      .module {
        margin: 0 0 0.25rem;
        font-size: 0.85rem;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.06em;
      }
      h1 {
        font-size: 1.5rem;
        margin: 0 0 0.25rem;
      }
      .body {
        margin-top: 1rem;
        line-height: 1.5;
        overflow-wrap: anywhere;
      }
      .alert button {
        margin-left: 0.75rem;
      }
      .nav {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 1rem;
      }
    `,
  ];

  /** Id of the article shown. */
  @property() articleId = '';
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;
  /** Where the article comes from; defaults to the knowledge-base service with the shell's tokens. Tests set their own. */
  @property({ attribute: false }) source?: ArticleSource;
  /** The user signed in: their teams for a `teams` article. */
  @property({ attribute: false }) user?: User;

  @state() private _editing = false;
  /** The article as the editor last saved it. */
  @state() private _saved?: Article;

  private readonly _article = new Task(this, {
    task: async ([source, articleId], { signal }): Promise<Article> => {
      if (!source) throw new Error('No article source');
      this._saved = undefined;
      const article = await source.article(articleId, signal);
      this.services?.tabs.rename(kbArticlePath(article.id), article.title);
      return article;
    },
    args: () => [this.source, this.articleId] as const,
  });

  override willUpdate(): void {
    if (this.services) this.source ??= new KbClient(this.services.tokens);
  }

  override render() {
    const t = translateKb(this.locale);
    const opener = this.services?.tabs.find(kbArticlePath(this.articleId))?.opener;
    const fromEmail = opener !== undefined && matchRoute(opener).name === 'email';
    return html`
      <div class="nav">
        ${fromEmail ? html`<a class="back" href=${opener} @click=${onLinkClick}><span aria-hidden="true">←</span> ${t('backToEmail')}</a>` : nothing}
        <a class="back" href=${KB_HOME_PATH} @click=${onLinkClick}>${t('allArticles')}</a>
      </div>
      ${this._article.render({
        pending: () => html`<p class="muted" role="status">${t('loading')}</p>`,
        error: (error) =>
          error instanceof ApiError && (error.status === 404 || error.status === 400)
            ? html`<p class="alert" role="alert">${t('notFound')}</p>`
            : html`<p class="alert" role="alert">${t('loadFailed')}<button type="button" @click=${() => this._article.run()}>${t('retry')}</button></p>`,
        complete: (loaded) => (this._editing ? this._renderEditor(this._saved ?? loaded) : this._renderArticle(this._saved ?? loaded)),
      })}
    `;
  }

  private _renderArticle(article: Article) {
    const t = translateKb(this.locale);
    return html`
      <article class="card" aria-labelledby="kb-article-heading" lang=${article.language}>
        <p class="module muted" lang=${this.locale}>${t('module')}${article.status === 'draft' ? html` · ${t('draft')}` : nothing}</p>
        <h1 id="kb-article-heading">${article.title}</h1>
        <p class="muted" lang=${this.locale}>${t('updated', { date: formatDateTime(article.updatedAt, this.locale) })}</p>
        ${article.canEdit ? html`<button type="button" lang=${this.locale} @click=${() => (this._editing = true)}>${t('edit')}</button>` : nothing}
        <div class="body">${unsafeHTML(article.bodyHtml)}</div>
      </article>
    `;
  }

  private _onSaved(event: CustomEvent<{ article: Article }>): void {
    this._saved = event.detail.article;
    this.services?.tabs.rename(kbArticlePath(this._saved.id), this._saved.title);
  }

  private _renderEditor(article: Article) {
    const t = translateKb(this.locale);
    return html`
      <sb-kb-article-editor
        .article=${article}
        .client=${this.source}
        .locale=${this.locale}
        .teams=${this.user?.teams ?? []}
        @sb-kb-saved=${this._onSaved}
      ></sb-kb-article-editor>
      <button type="button" @click=${() => (this._editing = false)}>${t('cancel')}</button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-kb-article-page': SbKbArticlePage;
  }
}
