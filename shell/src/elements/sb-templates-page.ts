import type { Locale, Macro, Template, TemplateSummary, User } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { TemplatesClient, type TemplatesPageClient } from '../templates/templates-client';
import { translateTemplates } from '../templates/templates-messages';
import type { ShellServices } from '../shell-services';
import './sb-templates-macro-editor';
import './sb-templates-template-editor';
import { modulePageStyles, sharedStyles } from './shared-styles';

/** What the page edits: a template or macro (loaded), or a new one of either. */
type Editing = { kind: 'template'; template?: Template } | { kind: 'macro'; macro?: Macro };

/** The visible templates grouped by folder: frames with their answers beneath, and answers without a frame. */
function folders(items: TemplateSummary[]): Array<{ folder: string; items: TemplateSummary[] }> {
  const frameIds = new Set(items.filter((i) => i.kind === 'frame').map((i) => i.id));
  const groups = new Map<string, TemplateSummary[]>();
  for (const item of items) {
    if (item.parentId && frameIds.has(item.parentId)) continue;
    groups.set(item.folder, [...(groups.get(item.folder) ?? []), item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([folder, list]) => ({ folder, items: list.sort((a, b) => a.name.localeCompare(b.name)) }));
}

/**
 * The Templates module page (`/templates`): the template tree by folder (frames with their
 * answers) and the macros; New template, New macro, and choosing one opens its editor here.
 * Agents create personal and team records; admins also everyone's.
 */
@customElement('sb-templates-page')
export class SbTemplatesPage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    css`
      :host {
        max-width: 60rem;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: 0.6rem;
        margin-bottom: 1rem;
      }
      header div {
        display: flex;
        gap: 0.5rem;
      }
      h1 {
        font-size: 1.5rem;
      }
      h2 {
        font-size: 1.15rem;
        margin: 0 0 0.5rem;
      }
      h3 {
        font-size: 0.95rem;
        margin: 0.75rem 0 0.25rem;
      }
      section.card {
        padding: 1rem 1.25rem;
        margin-bottom: 1rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ul ul {
        padding-left: 1.5rem;
      }
      li > .line {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: baseline;
        padding: 0.2rem 0;
      }
      .link {
        border: 0;
        background: none;
        padding: 0;
        min-height: 0;
        color: inherit;
        text-decoration: underline;
        font: inherit;
        cursor: pointer;
      }
      .badge {
        font-size: 0.8rem;
      }
      sb-templates-template-editor,
      sb-templates-macro-editor {
        display: block;
        margin-bottom: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) user?: User;
  @property() locale: Locale = 'en';
  @property({ attribute: false }) services?: ShellServices;
  /** Where templates and macros come from; the templates service with the shell's tokens by default. Tests set their own. */
  @property({ attribute: false }) client?: TemplatesPageClient;

  @state() private _editing?: Editing;
  @state() private _openFailed = false;
  /** Bumped by every open, so each editor starts fresh. */
  private _opened = 0;

  private readonly _lists = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) return { templates: [] as TemplateSummary[], macros: [] as Macro[] };
      const [templates, macros] = await Promise.all([client.templates(signal), client.macros(signal)]);
      return { templates: templates.items, macros: macros.items };
    },
    args: () => [this.client] as const,
  });

  override willUpdate(): void {
    if (this.services) this.client ??= new TemplatesClient(this.services.tokens);
  }

  private async _open(editing: Editing): Promise<void> {
    this._opened += 1;
    this._editing = editing;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement & { focusHeading(): void }>('sb-templates-template-editor, sb-templates-macro-editor')?.focusHeading();
  }

  private async _openTemplate(id: string): Promise<void> {
    if (!this.client) return;
    this._openFailed = false;
    try {
      await this._open({ kind: 'template', template: await this.client.template(id) });
    } catch {
      this._openFailed = true;
    }
  }

  private _changed(event: CustomEvent<{ deleted: boolean }>): void {
    if (event.detail.deleted) this._editing = undefined;
    void this._lists.run();
  }

  override render() {
    const t = translateTemplates(this.locale);
    return html`
      <header>
        <h1>${t('module')}</h1>
        <div>
          <button type="button" class="primary" @click=${() => this._open({ kind: 'template' })}>${t('newTemplate')}</button>
          <button type="button" @click=${() => this._open({ kind: 'macro' })}>${t('newMacro')}</button>
        </div>
      </header>
      <p class="muted">${t('intro')}</p>
      ${this._openFailed ? html`<p class="alert" role="alert">${t('loadFailed')}</p>` : nothing} ${this._renderEditor()}
      ${this._lists.render({
        pending: () => html`<p class="muted" role="status">${t('loading')}</p>`,
        error: () => html`<p class="alert" role="alert">${t('loadFailed')} <button type="button" @click=${() => this._lists.run()}>${t('retry')}</button></p>`,
        complete: ({ templates, macros }) => html`${this._renderTemplates(templates)} ${this._renderMacros(macros)}`,
      })}
    `;
  }

  private _renderEditor() {
    const editing = this._editing;
    if (!editing) return nothing;
    const frames = (this._lists.value?.templates ?? []).filter((item) => item.kind === 'frame');
    return html`<div @sb-templates-changed=${this._changed}>
        ${keyed(this._opened, editing.kind === 'template'
          ? html`<sb-templates-template-editor
              .template=${editing.template}
              .frames=${frames}
              .user=${this.user}
              .locale=${this.locale}
              .client=${this.client}
            ></sb-templates-template-editor>`
          : html`<sb-templates-macro-editor .macro=${editing.macro} .user=${this.user} .locale=${this.locale} .client=${this.client}></sb-templates-macro-editor>`)}
      </div>
      <button type="button" @click=${() => (this._editing = undefined)}>${translateTemplates(this.locale)('close')}</button>`;
  }

  private _renderTemplates(items: TemplateSummary[]) {
    const t = translateTemplates(this.locale);
    const answersOf = (frame: TemplateSummary) => items.filter((item) => item.parentId === frame.id);
    const line = (item: TemplateSummary) => html`<span class="line">
      <button type="button" class="link" lang=${item.language} @click=${() => this._openTemplate(item.id)}>${item.name}</button>
      ${item.kind === 'frame' ? html`<span class="badge muted">${t('frameBadge')}</span>` : nothing}
      <span class="badge muted">${t(`language.${item.language}`)}, ${t(`scope.${item.scope}`)}</span>
    </span>`;
    return html`<section class="card" aria-labelledby="templates-heading">
      <h2 id="templates-heading">${t('templates')}</h2>
      ${items.length
        ? folders(items).map(
            (group) => html`<h3>${group.folder || t('noFolder')}</h3>
              <ul>
                ${group.items.map((item) => {
                  const answers = item.kind === 'frame' ? answersOf(item) : [];
                  return html`<li>
                    ${line(item)}
                    ${answers.length ? html`<ul aria-label=${t('answersOf', { name: item.name })}>${answers.map((a) => html`<li>${line(a)}</li>`)}</ul>` : nothing}
                  </li>`;
                })}
              </ul>`,
          )
        : html`<p class="muted">${t('templatesEmpty')}</p>`}
    </section>`;
  }

  private _renderMacros(macros: Macro[]) {
    const t = translateTemplates(this.locale);
    return html`<section class="card" aria-labelledby="macros-heading">
      <h2 id="macros-heading">${t('macros')}</h2>
      ${macros.length
        ? html`<ul>
            ${macros.map(
              (macro) => html`<li>
                <span class="line">
                  <button type="button" class="link" @click=${() => this._open({ kind: 'macro', macro })}>${macro.name}</button>
                  <span class="badge muted">${t('actionCount', { count: String(macro.actions.length) })}, ${t(`scope.${macro.scope}`)}</span>
                </span>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t('macrosEmpty')}</p>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-templates-page': SbTemplatesPage;
  }
}
