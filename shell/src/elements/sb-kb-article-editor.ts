import type { Article, Category, KbLanguage, KbVisibility, Locale } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { ApiError, formatDateTime } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { KbClient } from '../kb/kb-client';
import { translateKb } from '../kb/kb-messages';
import './sb-kb-body-editor';
import type { SbKbBodyEditor } from './sb-kb-body-editor';
import { editorFormStyles, sharedStyles } from './shared-styles';

/** The calls the editor makes; the shell's KbClient, or a test's in-memory one. */
export type ArticleEditorClient = Pick<KbClient, 'article' | 'categories' | 'create' | 'update' | 'setPublished' | 'versions' | 'restore'>;

/** A team the editor may show a `teams` article to. */
export interface EditorTeam {
  id: string;
  name: string;
}

const LANGUAGES: KbLanguage[] = ['cs', 'en'];

/**
 * Editing a KB article (A2, KB editors): title, category, language, visibility and teams, the
 * body; Save (naming the version seen: a conflict says so and offers a reload), Publish or
 * Unpublish, and the kept versions: each can be shown, and an older one restored (a new version
 * with its title and text, naming the version seen like Save). Without `article` it creates a draft.
 *
 * @fires sb-kb-saved - detail: `{ article }` after each create, save, publish or unpublish
 */
@customElement('sb-kb-article-editor')
export class SbKbArticleEditor extends LitElement {
  static override styles = [
    sharedStyles,
    editorFormStyles,
    css`
      h1 {
        font-size: 1.4rem;
      }
      h2 {
        font-size: 1.05rem;
      }
      .version {
        margin-top: 0.5rem;
        padding: 0.75rem 1rem;
      }
      h3 {
        font-size: 1rem;
      }
    `,
  ];

  /** The article edited; none for a new one. */
  @property({ attribute: false }) article?: Article;
  /** The editor's language. */
  @property() locale: Locale = 'en';
  /** The editor's teams, for `teams` visibility. */
  @property({ attribute: false }) teams: EditorTeam[] = [];
  /** Where articles are read and written. */
  @property({ attribute: false }) client?: ArticleEditorClient;

  @state() private _visibility: KbVisibility = 'everyone';
  @state() private _busy = false;
  @state() private _conflict = false;
  @state() private _error = '';
  @state() private _saved = false;
  /** The kept version shown below its line, if any. */
  @state() private _shownVersion?: number;

  @query('sb-kb-body-editor') private _body?: SbKbBodyEditor;
  @query('form') private _form?: HTMLFormElement;

  private readonly _categories = new Task(this, {
    task: async ([client], { signal }): Promise<Category[]> => (client ? (await client.categories(signal)).items : []),
    args: () => [this.client] as const,
  });

  private readonly _versions = new Task(this, {
    task: async ([client, id, version], { signal }) => (client && id && version ? (await client.versions(id, signal)).items : []),
    args: () => [this.client, this.article?.id, this.article?.version] as const,
  });

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('article')) this._visibility = this.article?.visibility ?? 'everyone';
  }

  private _fields() {
    const data = new FormData(this._form);
    return {
      title: String(data.get('title') ?? ''),
      categoryId: String(data.get('category') ?? '') || null,
      language: (data.get('language') === 'en' ? 'en' : 'cs') as KbLanguage,
      visibility: this._visibility,
      teamIds: this._visibility === 'teams' ? data.getAll('team').map(String) : [],
      bodyHtml: this._body?.getHtml() ?? '',
    };
  }

  /** Runs a write; a version conflict or another error is shown, a success announced. */
  private async _write(write: (client: ArticleEditorClient) => Promise<Article>): Promise<void> {
    if (!this.client || this._busy) return;
    this._busy = true;
    this._conflict = false;
    this._error = '';
    this._saved = false;
    try {
      this.article = await write(this.client);
      this._saved = true;
      this.dispatchEvent(new CustomEvent('sb-kb-saved', { detail: { article: this.article }, bubbles: true, composed: true }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this._conflict = true;
      else this._error = error instanceof Error ? error.message : String(error);
    } finally {
      this._busy = false;
    }
  }

  private _save(event: Event): void {
    event.preventDefault();
    const fields = this._fields();
    const article = this.article;
    void this._write((client) => (article ? client.update(article.id, { ...fields, version: article.version }) : client.create(fields)));
  }

  private _togglePublished(): void {
    const article = this.article;
    if (article) void this._write((client) => client.setPublished(article.id, article.version, article.status !== 'published'));
  }

  private _restore(number: number): void {
    const article = this.article;
    if (article) void this._write((client) => client.restore(article.id, number, article.version));
  }

  private async _reload(): Promise<void> {
    if (!this.client || !this.article) return;
    this.article = await this.client.article(this.article.id);
    this._conflict = false;
  }

  override render() {
    const t = translateKb(this.locale);
    const a = this.article;
    const teamIds = new Set(a?.teamIds ?? []);
    return html`
      <form class="card" aria-labelledby="kb-editor-heading" @submit=${this._save}>
        <h1 id="kb-editor-heading">${a ? t('editTitle') : t('newTitle')}</h1>
        ${this._conflict
          ? html`<p class="alert" role="alert">${t('conflict')}<button type="button" @click=${this._reload}>${t('reload')}</button></p>`
          : nothing}
        ${this._error ? html`<p class="alert" role="alert">${t('saveFailed', { reason: this._error })}</p>` : nothing}
        ${keyed(
          `${a?.id ?? 'new'}:${a?.version ?? 0}`,
          html`
            <label>${t('title')} <input name="title" required maxlength="200" .value=${a?.title ?? ''} /></label>
            <div class="row">
              <label
                >${t('category')}
                <select name="category">
                  <option value="">${t('noCategory')}</option>
                  ${(this._categories.value ?? []).map(
                    (c) => html`<option value=${c.id} ?selected=${c.id === a?.categoryId}>${c.name[this.locale]}</option>`,
                  )}
                </select>
              </label>
              <label
                >${t('language')}
                <select name="language">
                  ${LANGUAGES.map((l) => html`<option value=${l} ?selected=${l === (a?.language ?? this.locale)}>${t(`language.${l}`)}</option>`)}
                </select>
              </label>
            </div>
            <fieldset>
              <legend>${t('visibility')}</legend>
              ${(['everyone', 'teams'] as const).map(
                (v) => html`<label
                  ><input type="radio" name="visibility" value=${v} .checked=${this._visibility === v} @change=${() => (this._visibility = v)} />
                  ${t(`visibility.${v}`)}</label
                >`,
              )}
              ${this._visibility === 'teams'
                ? this.teams.map((team) => html`<label><input type="checkbox" name="team" value=${team.id} ?checked=${teamIds.has(team.id)} /> ${team.name}</label>`)
                : nothing}
            </fieldset>
            <sb-kb-body-editor .html=${a?.bodyHtml ?? ''} .locale=${this.locale}></sb-kb-body-editor>
          `,
        )}
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this._busy}>${t('save')}</button>
          ${a
            ? html`<button type="button" ?disabled=${this._busy} @click=${this._togglePublished}>${a.status === 'published' ? t('unpublish') : t('publish')}</button>
                <span class="muted">${a.status === 'published' ? t('published') : t('draft')}</span>`
            : nothing}
          <span role="status">${this._saved ? t('saved') : ''}</span>
        </div>
        ${a ? this._renderVersions() : nothing}
      </form>
    `;
  }

  private _renderVersions() {
    const t = translateKb(this.locale);
    const versions = this._versions.value ?? [];
    const current = this.article?.version;
    return html`<section aria-labelledby="kb-versions-heading">
      <h2 id="kb-versions-heading">${t('versions')}</h2>
      <ul class="rows">
        ${versions.map((v) => {
          const shown = this._shownVersion === v.version;
          const version = String(v.version);
          return html`<li>
            ${t('versionLine', { version, date: formatDateTime(v.updatedAt, this.locale) })} — ${v.title} (${v.status === 'published' ? t('published') : t('draft')})
            <span class="actions">
              <button type="button" aria-expanded=${shown ? 'true' : 'false'} aria-controls="kb-version-${version}" @click=${() => (this._shownVersion = shown ? undefined : v.version)}>
                ${t('showVersion', { version })}
              </button>
              ${v.version === current
                ? html`<span class="muted">${t('currentVersion')}</span>`
                : html`<button type="button" ?disabled=${this._busy} @click=${() => this._restore(v.version)}>${t('restoreVersion', { version })}</button>`}
            </span>
            ${shown
              ? html`<div id="kb-version-${version}" class="card version" role="region" aria-label=${t('versionLine', { version, date: formatDateTime(v.updatedAt, this.locale) })}>
                  <h3>${v.title}</h3>
                  <div class="body">${unsafeHTML(v.bodyHtml)}</div>
                </div>`
              : nothing}
          </li>`;
        })}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-kb-article-editor': SbKbArticleEditor;
  }
}
