import type { ArticleSummary, Locale, User } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { formatDateTime } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { KbClient } from '../kb/kb-client';
import { translateKb } from '../kb/kb-messages';
import { onLinkClick } from '../navigation/navigate';
import { kbArticlePath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import './sb-kb-article-editor';
import type { ArticleEditorClient } from './sb-kb-article-editor';
import { modulePageStyles, sharedStyles } from './shared-styles';

/** Where the page reads and writes articles: the editor's calls and the list. */
export type KbHomeClient = ArticleEditorClient & Pick<KbClient, 'articles'>;

/** True for a user who may write articles: a KB editor or an admin. */
export const isKbEditor = (user: Pick<User, 'role'> | undefined) => user?.role === 'kb-editor' || user?.role === 'admin';

/**
 * The Knowledge base module page (`/kb`): the newest articles (drafts too, for KB editors) and,
 * for KB editors, New article, which opens the editor here.
 */
@customElement('sb-kb-home-page')
export class SbKbHomePage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    css`
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        margin-bottom: 1rem;
      }
      h1 {
        font-size: 1.5rem;
      }
      ul.rows {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ul.rows li {
        display: flex;
        gap: 0.75rem;
        align-items: baseline;
        padding: 0.6rem 1rem;
      }
      .badge {
        font-size: 0.8rem;
        font-weight: 600;
      }
      sb-kb-article-editor {
        display: block;
        margin-bottom: 1rem;
      }
    `,
  ];

  /** The user signed in. */
  @property({ attribute: false }) user?: User;
  /** The user's language. */
  @property() locale: Locale = 'en';
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;
  /** Where articles come from; the knowledge-base service with the shell's tokens by default. Tests set their own. */
  @property({ attribute: false }) client?: KbHomeClient;

  @state() private _creating = false;

  private readonly _articles = new Task(this, {
    task: async ([client], { signal }): Promise<ArticleSummary[]> => (client ? (await client.articles(signal)).items : []),
    args: () => [this.client] as const,
  });

  override willUpdate(): void {
    if (this.services) this.client ??= new KbClient(this.services.tokens);
  }

  override render() {
    const t = translateKb(this.locale);
    return html`
      <header>
        <h1>${t('module')}</h1>
        ${isKbEditor(this.user) && !this._creating ? html`<button type="button" class="primary" @click=${() => (this._creating = true)}>${t('newArticle')}</button>` : nothing}
      </header>
      ${this._creating
        ? html`<sb-kb-article-editor
            .client=${this.client}
            .locale=${this.locale}
            .teams=${this.user?.teams ?? []}
            @sb-kb-saved=${() => this._articles.run()}
          ></sb-kb-article-editor>`
        : nothing}
      <section class="card" aria-labelledby="kb-list-heading">
        <h2 id="kb-list-heading" class="visually-hidden">${t('list')}</h2>
        ${this._articles.render({
          pending: () => html`<p class="muted" role="status">${t('loading')}</p>`,
          error: () => html`<p class="alert" role="alert">${t('loadFailed')}<button type="button" @click=${() => this._articles.run()}>${t('retry')}</button></p>`,
          complete: (articles) =>
            articles.length
              ? html`<ul class="rows">
                  ${articles.map(
                    (a) => html`<li>
                      <a href=${kbArticlePath(a.id)} @click=${onLinkClick} lang=${a.language}>${a.title}</a>
                      <span class="badge muted">${a.status === 'published' ? t('published') : t('draft')}</span>
                      <span class="muted">${formatDateTime(a.updatedAt, this.locale)}</span>
                    </li>`,
                  )}
                </ul>`
              : html`<p class="muted">${t('listEmpty')}</p>`,
        })}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-kb-home-page': SbKbHomePage;
  }
}
