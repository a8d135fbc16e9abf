import type { Locale } from '@switchboard/contracts';
import { theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { EditorView } from 'prosemirror-view';
import { articleHtml, createArticleEditorState, FORMAT_COMMANDS, isAllowedHref, setLink, type FormatName } from '../kb/article-editor-state';
import { translateKb } from '../kb/kb-messages';
import { sharedStyles } from './shared-styles';

const FORMATS: FormatName[] = ['bold', 'italic', 'heading', 'subheading', 'paragraph', 'bulletList', 'orderedList'];

/**
 * The body of a KB article in a minimal ProseMirror editor: a toolbar of formats and a link
 * form. `getHtml()` reads the document.
 */
@customElement('sb-kb-body-editor')
export class SbKbBodyEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        margin-bottom: 0.4rem;
      }
      .toolbar button {
        min-height: 2rem;
        padding: 0.2rem 0.6rem;
      }
      .body {
        min-height: 12rem;
        padding: 0.6rem 0.8rem;
        border: 1px solid ${theme.border};
        border-radius: 8px;
        background: ${theme.surface};
        line-height: 1.5;
      }
      .body:focus-within {
        outline: 3px solid ${theme.accent};
      }
      .ProseMirror {
        outline: none;
        min-height: 11rem;
        white-space: pre-wrap;
      }
      .link-form {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        margin-bottom: 0.4rem;
      }
    `,
  ];

  /** The stored body to start from. */
  @property({ attribute: false }) html = '';
  /** The editor's language. */
  @property() locale: Locale = 'en';

  @state() private _linkOpen = false;
  @state() private _linkInvalid = false;
  @query('.body') private _mount?: HTMLElement;
  @query('.link-form input') private _linkInput?: HTMLInputElement;

  private _view?: EditorView;

  /** The body as HTML. */
  getHtml(): string {
    return this._view ? articleHtml(this._view.state) : this.html;
  }

  override firstUpdated(): void {
    this._view = new EditorView(this._mount!, { state: createArticleEditorState(this.html), attributes: this._attributes() });
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('locale')) this._view?.setProps({ attributes: this._attributes() });
  }

  /** The editable area's role and name, in the editor's language. */
  private _attributes() {
    return { role: 'textbox', 'aria-multiline': 'true', 'aria-label': translateKb(this.locale)('body') };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._view?.destroy();
    this._view = undefined;
  }

  private _format(name: FormatName): void {
    if (!this._view) return;
    FORMAT_COMMANDS[name](this._view.state, this._view.dispatch);
    this._view.focus();
  }

  private async _openLink(): Promise<void> {
    this._linkOpen = true;
    this._linkInvalid = false;
    await this.updateComplete;
    this._linkInput?.focus();
  }

  private _applyLink(event: Event): void {
    event.preventDefault();
    const href = this._linkInput?.value.trim() ?? '';
    if (href && !isAllowedHref(href)) {
      this._linkInvalid = true;
      return;
    }
    if (this._view) setLink(href)(this._view.state, this._view.dispatch);
    this._linkOpen = false;
    this._view?.focus();
  }

  override render() {
    const t = translateKb(this.locale);
    return html`
      <div class="toolbar" role="group" aria-label=${t('formatting')}>
        ${FORMATS.map((name) => html`<button type="button" @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this._format(name)}>${t(`format.${name}`)}</button>`)}
        <button type="button" @mousedown=${(e: Event) => e.preventDefault()} @click=${this._openLink}>${t('format.link')}</button>
      </div>
      ${this._linkOpen
        ? html`<form class="link-form" @submit=${this._applyLink}>
            <label>${t('linkAddress')} <input type="url" name="href" aria-invalid=${this._linkInvalid ? 'true' : 'false'} /></label>
            <button type="submit">${t('linkApply')}</button>
            ${this._linkInvalid ? html`<span class="alert" role="alert">${t('linkInvalid')}</span>` : nothing}
          </form>`
        : nothing}
      <div class="body"></div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-kb-body-editor': SbKbBodyEditor;
  }
}
