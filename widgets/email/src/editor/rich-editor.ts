import type { HostApi } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { closeHistory, isHistoryTransaction } from 'prosemirror-history';
import type { Command, EditorState, Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { TemplateSource } from '../composer/template-picker-api';
import type { TemplateInsertDetail, TemplatePicker } from '../composer/template-picker';
import { messages } from '../messages';
import { baseStyles } from '../styles';
import { headingLevel, insertBlocks, insertImage, linkHref, removeLink, setHeading, setLink } from './editor-commands';
import { editorStyles } from './editor-styles';
import { createEditorState } from './editor-setup';
import { parseHtmlBlocks, serializeHtml } from './html';
import { createImageView, type ImageResolver } from './image-view';
import { ariaShortcut, SHORTCUTS, shortcutLabel } from './keymap';
import { emailSchema, HEADING_LEVELS, isAllowedHref } from './schema';
import { TEMPLATE_ICON, TOOLBAR_ITEMS, type ToolbarItem } from './toolbar-items';
import '../composer/template-picker';

/** Marks a transaction that brings another tab's body, not this tab's typing. */
const REMOTE_CHANGE = 'sb-remote-change';

/** What typed after a space or at a line's start opens the template picker (E10). */
const TEMPLATE_TRIGGER = '::';

/** Uploads an inline image; resolves with its `cid:` source, or undefined when refused. */
export type ImageUploader = (file: File) => Promise<string | undefined>;

/** Turns what the agent typed into a link address: bare domains get https://, bare emails mailto:. */
export function normalizeHref(text: string): string {
  const value = text.trim();
  if (!value || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) return `mailto:${value}`;
  return `https://${value}`;
}

/**
 * The rich-text body of the email (E9): a ProseMirror editor with a formatting toolbar. Every
 * toolbar button has a tooltip and a name with its shortcut; formats active at the cursor are
 * `aria-pressed`. The toolbar is one tab stop (arrow keys move inside it).
 *
 * @fires sb-body-change - detail: `{ html }` after every change of the document
 * @csspart toolbar - the formatting toolbar
 * @csspart body - the editable area
 */
@customElement('sb-rich-editor')
export class RichEditor extends LitElement {
  static override styles = [baseStyles, editorStyles];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The body to start from (stored HTML); later changes go through `setHtml`. */
  @property({ attribute: false }) html = '';

  /** Finds the picture of an inline image. */
  @property({ attribute: false }) resolveImage?: ImageResolver;

  /** Uploads an inline image (the toolbar's Insert image). */
  @property({ attribute: false }) uploadImage?: ImageUploader;

  @state() private _state?: EditorState;
  @state() private _focusIndex = 0;
  @state() private _headingOpen = false;
  @state() private _linkOpen = false;
  @state() private _linkInvalid = false;
  @state() private _imageBusy = false;
  /** The open template picker: `query` is what follows `::` in the body, unset for the toolbar's button. */
  @state() private _picker?: { query?: string };

  /** Templates to insert (E10): the toolbar's Template button and `::` in the body; none without it. */
  @property({ attribute: false }) templates?: TemplateSource;

  @query('.body') private _mount?: HTMLElement;
  @query('.link-form input') private _linkInput?: HTMLInputElement;
  @query('input[type="file"]') private _fileInput?: HTMLInputElement;
  @query('sb-template-picker') private _pickerElement?: TemplatePicker;

  private readonly hostCtl = new HostController(this, messages);
  private _view?: EditorView;
  /** Where the `::` that opened the picker starts, while the picker follows the typing after it. */
  private _trigger: number | null = null;

  /** The editor's document as HTML. */
  getHtml(): string {
    return this._view ? serializeHtml(this._view.state.doc) : this.html;
  }

  /** Replaces the document, e.g. with the server's copy after a conflict. */
  setHtml(value: string): void {
    this.html = value;
    if (!this._view) return;
    const state = this._createState(value);
    this._view.updateState(state);
    this._state = state;
  }

  /**
   * Takes a body changed in another tab or device (T1): only the differing range is replaced, so
   * the cursor and selection outside it stay. `undoable` (the conflict dialog's choice, T4) makes
   * it one step that Ctrl+Z takes back; otherwise it is not in this tab's history. Fires no
   * `sb-body-change`: it is not this tab's edit.
   */
  applyRemoteHtml(value: string, undoable = false): void {
    this.html = value;
    const view = this._view;
    if (!view) return;
    const next = this._createState(value).doc;
    const start = view.state.doc.content.findDiffStart(next.content);
    if (start === null) return;
    const end = view.state.doc.content.findDiffEnd(next.content) ?? { a: view.state.doc.content.size, b: next.content.size };
    // When the change repeats text on its edge, the two ends can cross; widen both so the ranges are valid.
    const overlap = Math.max(0, start - Math.min(end.a, end.b));
    const tr = view.state.tr.replace(start, end.a + overlap, next.slice(start, end.b + overlap));
    tr.setMeta(REMOTE_CHANGE, true);
    if (!undoable) {
      view.dispatch(tr.setMeta('addToHistory', false));
      return;
    }
    // A step of its own: typing before and after it are undone separately.
    view.dispatch(closeHistory(tr));
    view.dispatch(closeHistory(view.state.tr));
  }

  /** Inserts plain text at the cursor (replacing a selection), as typing would. */
  insertText(text: string): void {
    if (!this._view) return;
    this._view.dispatch(this._view.state.tr.insertText(text).scrollIntoView());
  }

  /**
   * Inserts HTML at the cursor (replacing a selection) through the editor's schema, so only what
   * an email body may hold arrives, its paragraphs as blocks of their own (the line splits at the
   * cursor); one undo step of its own, apart from typing before and after.
   */
  insertHtml(value: string): void {
    const view = this._view;
    const blocks = parseHtmlBlocks(emailSchema, value);
    if (!view || blocks.size === 0) return;
    view.dispatch(closeHistory(insertBlocks(view.state, blocks)));
    view.dispatch(closeHistory(view.state.tr));
  }

  /** Moves keyboard focus into the text. */
  override focus(): void {
    this._view?.focus();
  }

  /** Attributes of the editable body; its name follows the agent's language. */
  private _bodyAttributes(): Record<string, string> {
    return { role: 'textbox', 'aria-multiline': 'true', 'aria-label': this.hostCtl.t('bodyLabel'), spellcheck: 'true' };
  }

  override firstUpdated(): void {
    if (!this._mount) return;
    const state = this._createState(this.html);
    this._view = new EditorView(this._mount, {
      state,
      attributes: this._bodyAttributes(),
      nodeViews: { image: (node) => createImageView(node, (src) => this.resolveImage?.(src) ?? Promise.resolve(undefined)) },
      handleKeyDown: (_view, event) => this._onBodyKeydown(event),
      dispatchTransaction: (tr) => {
        if (!this._view) return;
        const next = this._view.state.apply(tr);
        this._view.updateState(next);
        this._state = next;
        this._followTrigger(tr);
        if (tr.docChanged && !tr.getMeta(REMOTE_CHANGE)) {
          this.dispatchEvent(new CustomEvent('sb-body-change', { detail: { html: serializeHtml(next.doc) }, bubbles: true, composed: true }));
        }
      },
    });
    this._state = state;
  }

  override updated(): void {
    // The view is created once; a language switch renames its body (ProseMirror owns the attributes).
    const attributes = this._bodyAttributes();
    if (this._view && this._view.dom.getAttribute('aria-label') !== attributes['aria-label']) this._view.setProps({ attributes });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._view?.destroy();
    this._view = undefined;
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    return html`<div
        class="toolbar"
        part="toolbar"
        role="toolbar"
        aria-label=${t('toolbarLabel')}
        aria-controls="body"
        @keydown=${this._onToolbarKeydown}
        @mousedown=${(event: MouseEvent) => event.preventDefault()}
      >
        ${TOOLBAR_ITEMS.map((item, index) => this._renderButton(item, index))} ${this._renderTemplateButton()}
      </div>
      ${this._picker && this.templates
        ? html`<sb-template-picker
            .host=${this.host}
            .source=${this.templates}
            .query=${this._picker.query}
            @sb-template-insert=${this._onTemplateInsert}
            @sb-close=${this._closePicker}
          ></sb-template-picker>`
        : nothing}
      ${this._headingOpen ? this._renderHeadingMenu() : nothing} ${this._linkOpen ? this._renderLinkForm() : nothing}
      ${this._imageBusy ? html`<p class="muted small">${t('imageUploading')}</p>` : nothing}
      <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden @change=${this._onImageChosen} />
      <div class="body" id="body" part="body"></div>`;
  }

  private _renderButton(item: ToolbarItem, index: number) {
    const { t } = this.hostCtl;
    const state = this._state;
    const label = item.shortcut ? t('withShortcut', { label: t(item.label), shortcut: shortcutLabel(item.shortcut) }) : t(item.label);
    const pressed = item.active && state ? (item.active(state) ? 'true' : 'false') : nothing;
    const expanded = item.action === 'heading' ? String(this._headingOpen) : item.action === 'link' ? String(this._linkOpen) : nothing;
    return html`<button
      type="button"
      class="tool"
      part="tool ${item.id}"
      data-tool=${item.id}
      tabindex=${index === this._focusIndex ? 0 : -1}
      title=${label}
      aria-label=${label}
      aria-keyshortcuts=${item.shortcut ? ariaShortcut(item.shortcut) : nothing}
      aria-pressed=${pressed}
      aria-expanded=${expanded}
      aria-haspopup=${item.action === 'heading' ? 'true' : nothing}
      @click=${() => this._onTool(item, index)}
    >
      ${item.icon}
    </button>`;
  }

  private _renderTemplateButton() {
    if (!this.templates) return nothing;
    const label = this.hostCtl.t('template');
    const index = TOOLBAR_ITEMS.length;
    return html`<button
      type="button"
      class="tool"
      part="tool template"
      data-tool="template"
      tabindex=${index === this._focusIndex ? 0 : -1}
      title=${`${label} (${TEMPLATE_TRIGGER})`}
      aria-label=${`${label} (${TEMPLATE_TRIGGER})`}
      aria-expanded=${this._picker ? 'true' : 'false'}
      @click=${() => this._openPicker(index)}
    >
      ${TEMPLATE_ICON}
    </button>`;
  }

  private _renderHeadingMenu() {
    const { t } = this.hostCtl;
    const current = this._state ? headingLevel(this._state) : 0;
    const shortcut = (level: number) => (level === 0 ? SHORTCUTS.paragraph : SHORTCUTS[`heading${level}` as 'heading1']);
    const option = (level: number) => {
      const name = level === 0 ? t('paragraph') : t('headingLevel', { level });
      return html`<button
        type="button"
        class="level level-${level}"
        aria-pressed=${current === level ? 'true' : 'false'}
        title=${t('withShortcut', { label: name, shortcut: shortcutLabel(shortcut(level)) })}
        aria-keyshortcuts=${ariaShortcut(shortcut(level))}
        @click=${() => this._chooseHeading(level)}
      >
        ${name}
      </button>`;
    };
    return html`<div class="heading-menu" role="group" aria-label=${t('headingLevels')} @keydown=${this._onMenuKeydown}>
      ${HEADING_LEVELS.map(option)} ${option(0)}
    </div>`;
  }

  private _renderLinkForm() {
    const { t } = this.hostCtl;
    const existing = this._state ? linkHref(this._state) : '';
    return html`<form class="link-form" aria-label=${t('link')} novalidate @submit=${this._onLinkSubmit} @keydown=${this._onMenuKeydown}>
      <label for="link-href">${t('linkAddress')}</label>
      <input
        id="link-href"
        type="url"
        autocomplete="off"
        placeholder="https://"
        .value=${existing}
        aria-invalid=${this._linkInvalid ? 'true' : 'false'}
        aria-describedby=${this._linkInvalid ? 'link-error' : nothing}
        @input=${() => (this._linkInvalid = false)}
      />
      <button type="submit" class="primary">${t('linkApply')}</button>
      ${existing ? html`<button type="button" @click=${this._onRemoveLink}>${t('linkRemove')}</button>` : nothing}
      <button type="button" @click=${() => this._closeLinkForm()}>${t('cancel')}</button>
      ${this._linkInvalid ? html`<p id="link-error" class="invalid">${t('linkInvalid')}</p>` : nothing}
    </form>`;
  }

  private _createState(value: string): EditorState {
    return createEditorState({ html: value, onLinkShortcut: () => void this._openLinkForm() });
  }

  private _run(command: Command): void {
    const view = this._view;
    if (!view) return;
    command(view.state, view.dispatch);
    view.focus();
  }

  private _onTool(item: ToolbarItem, index: number): void {
    this._focusIndex = index;
    if (item.command) this._run(item.command);
    else if (item.action === 'heading') this._toggleHeadingMenu();
    else if (item.action === 'link') void (this._linkOpen ? this._closeLinkForm() : this._openLinkForm());
    else if (item.action === 'image') this._fileInput?.click();
  }

  private async _toggleHeadingMenu(): Promise<void> {
    this._headingOpen = !this._headingOpen;
    if (!this._headingOpen) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.heading-menu button[aria-pressed="true"], .heading-menu button')?.focus();
  }

  private _chooseHeading(level: number): void {
    this._headingOpen = false;
    this._run(setHeading(level));
  }

  private async _openLinkForm(): Promise<void> {
    this._headingOpen = false;
    this._linkOpen = true;
    this._linkInvalid = false;
    await this.updateComplete;
    this._linkInput?.focus();
    this._linkInput?.select();
  }

  private _closeLinkForm(): void {
    this._linkOpen = false;
    this._view?.focus();
  }

  private _onLinkSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const href = normalizeHref(this._linkInput?.value ?? '');
    if (!isAllowedHref(href) || !this._view) {
      this._linkInvalid = true;
      this._linkInput?.focus();
      return;
    }
    this._linkOpen = false;
    this._run(setLink(href));
  }

  private _onRemoveLink(): void {
    this._linkOpen = false;
    this._run(removeLink);
  }

  /** Escape closes the heading menu or the link form and returns to where the agent was. */
  private _onMenuKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    if (this._linkOpen) this._closeLinkForm();
    if (this._headingOpen) {
      this._headingOpen = false;
      this.renderRoot.querySelector<HTMLButtonElement>('[data-tool="heading"]')?.focus();
    }
  }

  private async _openPicker(index: number): Promise<void> {
    this._focusIndex = index;
    this._trigger = null;
    this._picker = {};
    await this.updateComplete;
    await this._pickerElement?.updateComplete;
    this._pickerElement?.focus();
  }

  private _closePicker(): void {
    this._picker = undefined;
    this._trigger = null;
    this._view?.focus();
  }

  /**
   * `::` typed at a line's start or after a space opens the picker. The browser may hand several
   * typed characters over in one change, so the text before the cursor is checked after each
   * change that typed the second colon (not an undo, not another tab's change).
   */
  private _openOnTrigger(tr: Transaction): void {
    const state = this._view?.state;
    if (!state || !this.templates || !tr.docChanged || tr.getMeta(REMOTE_CHANGE) || isHistoryTransaction(tr) || !state.selection.empty) return;
    const { $head } = state.selection;
    const before = $head.parent.textBetween(0, $head.parentOffset, undefined, '\ufffc');
    const match = /(?:^|\s)::[^\s:]{0,60}$/.exec(before);
    if (!match) return;
    const start = $head.pos - $head.parentOffset + match.index + match[0].indexOf(TEMPLATE_TRIGGER);
    let changedFrom = Infinity;
    for (const map of tr.mapping.maps) map.forEach((_from, _to, newFrom) => (changedFrom = Math.min(changedFrom, newFrom)));
    if (changedFrom > start + 1) return;
    this._trigger = start;
    this._followTrigger(tr, false);
  }

  /** Keeps the picker on the text after `::`; closes it once the cursor leaves it or the `::` is gone. */
  private _followTrigger(tr: Transaction, mapped = true): void {
    if (this._trigger === null) return this._openOnTrigger(tr);
    if (!this._view) return;
    const { state } = this._view;
    const start = mapped ? tr.mapping.map(this._trigger) : this._trigger;
    const head = state.selection.head;
    const typed = head >= start + TEMPLATE_TRIGGER.length && state.selection.empty ? state.doc.textBetween(start, head, '\n') : '';
    if (!typed.startsWith(TEMPLATE_TRIGGER) || /[\n:]/.test(typed.slice(TEMPLATE_TRIGGER.length)) || typed.length > 60) {
      this._trigger = null;
      this._picker = undefined;
      return;
    }
    this._trigger = start;
    this._picker = { query: typed.slice(TEMPLATE_TRIGGER.length) };
  }

  /** Arrows, Enter and Escape go to the picker while it follows `::`. */
  private _onBodyKeydown(event: KeyboardEvent): boolean {
    if (this._trigger === null || !this._pickerElement) return false;
    return this._pickerElement.handleKey(event);
  }

  /** The chosen answer replaces the `::` and what followed it (not an undo step), then arrives as one step. */
  private _onTemplateInsert(event: CustomEvent<TemplateInsertDetail>): void {
    const view = this._view;
    if (!view) return;
    const trigger = this._trigger;
    this._picker = undefined;
    this._trigger = null;
    if (trigger !== null && view.state.selection.head > trigger) {
      view.dispatch(view.state.tr.delete(trigger, view.state.selection.head).setMeta('addToHistory', false));
    }
    this.insertHtml(event.detail.html);
    view.focus();
  }

  private _onToolbarKeydown(event: KeyboardEvent): void {
    const count = this.renderRoot.querySelectorAll('.toolbar .tool').length;
    const moves: Record<string, number> = {
      ArrowRight: (this._focusIndex + 1) % count,
      ArrowLeft: (this._focusIndex - 1 + count) % count,
      Home: 0,
      End: count - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    this._focusIndex = moves[event.key];
    this.renderRoot.querySelectorAll<HTMLButtonElement>('.toolbar .tool')[this._focusIndex]?.focus();
  }

  private async _onImageChosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!this.uploadImage || files.length === 0) return;
    this._imageBusy = true;
    try {
      for (const file of files) {
        const src = await this.uploadImage(file);
        if (src) this._run(insertImage(src, file.name));
      }
    } finally {
      this._imageBusy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-rich-editor': RichEditor;
  }
}
