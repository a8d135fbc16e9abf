import type { Locale, Macro, MacroAction, TemplateScope, User } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { ACTION_TYPES, actionOf, draftOf, moveItem, newDraft, TICKET_PRIORITIES, TICKET_STATUSES, type ActionDraft } from '../templates/macro-draft';
import type { TemplatesPageClient } from '../templates/templates-client';
import { translateTemplates } from '../templates/templates-messages';
import { editorStyles, scopesFor } from './sb-templates-editor-styles';
import { sharedStyles } from './shared-styles';

/**
 * Creates or edits one macro: its name, scope and ordered actions (add, remove, move up and
 * down); each action's fields follow its type.
 * @fires sb-templates-changed - detail `{ macro, deleted }`: saved or deleted
 */
@customElement('sb-templates-macro-editor')
export class SbTemplatesMacroEditor extends LitElement {
  static override styles = [
    sharedStyles,
    editorStyles,
    css`
      ol {
        display: grid;
        gap: 0.75rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      ol > li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: end;
        padding: 0.6rem 0.8rem;
        border-radius: 8px;
        background: rgb(0 0 0 / 3%);
      }
      .move {
        display: flex;
        gap: 0.3rem;
      }
    `,
  ];

  /** The macro to edit; none creates one. */
  @property({ attribute: false }) macro?: Macro;
  @property({ attribute: false }) user?: User;
  @property() locale: Locale = 'en';
  @property({ attribute: false }) client?: TemplatesPageClient;

  @state() private _drafts: ActionDraft[] = [];
  @state() private _scope: TemplateScope = 'personal';
  @state() private _error = '';
  @state() private _conflict = false;
  @state() private _status = '';
  @state() private _busy = false;

  @query('form') private _form?: HTMLFormElement;
  @query('h2') private _heading?: HTMLElement;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('macro')) {
      this._drafts = this.macro ? this.macro.actions.map(draftOf) : [newDraft('setStatus')];
      this._scope = this.macro?.scope ?? 'personal';
    }
  }

  /** Moves focus to the editor's heading (the page opened it). */
  focusHeading(): void {
    this._heading?.focus();
  }

  private _firstIds() {
    return { agentId: this.user?.id, queueId: this.user?.queues[0]?.id, teamId: this.user?.teams[0]?.id };
  }

  private _change(index: number, patch: Partial<ActionDraft>): void {
    const next = { ...this._drafts[index], ...patch };
    this._drafts = this._drafts.map((draft, i) => (i === index ? (patch.type ? newDraft(patch.type, this._firstIds()) : next) : draft));
  }

  private async _focusRow(index: number, selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelectorAll<HTMLElement>('ol > li')[index]?.querySelector<HTMLElement>(selector)?.focus();
  }

  private _add(): void {
    this._drafts = [...this._drafts, newDraft('setStatus')];
    void this._focusRow(this._drafts.length - 1, 'select');
  }

  private _remove(index: number): void {
    this._drafts = this._drafts.filter((_, i) => i !== index);
    void this._focusRow(Math.min(index, this._drafts.length - 1), 'select');
  }

  private _move(index: number, by: -1 | 1): void {
    this._drafts = moveItem(this._drafts, index, index + by);
    void this._focusRow(index + by, by < 0 ? '.up' : '.down');
  }

  private async _write(write: (client: TemplatesPageClient) => Promise<Macro | null>, done: string): Promise<void> {
    if (!this.client || this._busy) return;
    this._busy = true;
    this._error = this._status = '';
    this._conflict = false;
    try {
      const result = await write(this.client);
      if (result) this.macro = result;
      this._status = done;
      this.dispatchEvent(new CustomEvent('sb-templates-changed', { detail: { macro: result, deleted: !result }, bubbles: true, composed: true }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this._conflict = true;
      else this._error = translateTemplates(this.locale)('saveFailed', { reason: error instanceof Error ? error.message : String(error) });
    } finally {
      this._busy = false;
    }
  }

  private _save(event: Event): void {
    event.preventDefault();
    const t = translateTemplates(this.locale);
    const actions = this._drafts.map(actionOf);
    const incomplete = actions.findIndex((action) => action === null);
    if (incomplete >= 0 || !actions.length) {
      this._error = t('actionsInvalid', { n: String(incomplete + 1 || 1) });
      return;
    }
    const data = new FormData(this._form);
    const name = String(data.get('name') ?? '');
    const teamId = String(data.get('team') ?? '') || null;
    const current = this.macro;
    const valid = actions as MacroAction[];
    void this._write(
      (client) =>
        current
          ? client.updateMacro(current.id, { version: current.version, name, actions: valid })
          : client.createMacro({ name, actions: valid, scope: this._scope, ...(this._scope === 'team' && teamId ? { teamId } : {}) }),
      t('saved'),
    );
  }

  private _delete(): void {
    const current = this.macro;
    if (current) void this._write(async (client) => (await client.deleteMacro(current.id), null), translateTemplates(this.locale)('deleted'));
  }

  override render() {
    const t = translateTemplates(this.locale);
    const macro = this.macro;
    const readOnly = macro ? !macro.canEdit : false;
    const teams = this.user?.teams ?? [];
    return html`
      <form class="card" aria-labelledby="macro-editor-heading" @submit=${this._save}>
        <h2 id="macro-editor-heading" tabindex="-1">${macro ? t('editMacro', { name: macro.name }) : t('createMacro')}</h2>
        ${this._conflict ? html`<p class="alert" role="alert">${t('conflict')}</p>` : nothing}
        ${this._error ? html`<p class="alert" role="alert">${this._error}</p>` : nothing}
        ${keyed(`${macro?.id ?? 'new'}:${macro?.version ?? 0}`, html`<label>${t('name')} <input name="name" required maxlength="200" .value=${macro?.name ?? ''} ?readonly=${readOnly} /></label>`)}
        ${macro
          ? html`<p>${t('scope')}: ${t(`scope.${macro.scope}`)}</p>`
          : html`<div class="row">
              <label
                >${t('scope')}
                <select name="scope" @change=${(e: Event) => (this._scope = (e.target as HTMLSelectElement).value as TemplateScope)}>
                  ${scopesFor(this.user).map((s) => html`<option value=${s} ?selected=${s === this._scope}>${t(`scope.${s}`)}</option>`)}
                </select>
              </label>
              ${this._scope === 'team' && teams.length > 1
                ? html`<label>${t('team')} <select name="team">${teams.map((team) => html`<option value=${team.id}>${team.name}</option>`)}</select></label>`
                : nothing}
            </div>`}
        <fieldset ?disabled=${readOnly}>
          <legend>${t('actions')}</legend>
          <ol>
            ${this._drafts.map((draft, index) => this._renderAction(draft, index))}
          </ol>
        </fieldset>
        <div class="actions">
          ${readOnly
            ? html`<span class="muted">${t('readOnly')}</span>`
            : html`<button type="button" @click=${this._add} ?disabled=${this._drafts.length >= 20}>${t('addAction')}</button>
                <button type="submit" class="primary" ?disabled=${this._busy}>${t('save')}</button>`}
          ${macro && !readOnly ? html`<button type="button" ?disabled=${this._busy} @click=${this._delete}>${t('delete')}</button>` : nothing}
          <span role="status">${this._status}</span>
        </div>
      </form>
    `;
  }

  private _renderAction(draft: ActionDraft, index: number) {
    const t = translateTemplates(this.locale);
    const n = String(index + 1);
    return html`<li>
      <label
        >${t('action', { n })}
        <select aria-label=${t('actionType', { n })} @change=${(e: Event) => this._change(index, { type: (e.target as HTMLSelectElement).value as MacroAction['type'] })}>
          ${ACTION_TYPES.map((type) => html`<option value=${type} ?selected=${type === draft.type}>${t(`type.${type}`)}</option>`)}
        </select>
      </label>
      ${this._renderValue(draft, index)}
      <span class="move">
        <button type="button" class="up" aria-label=${t('moveUp', { n })} title=${t('moveUp', { n })} ?disabled=${index === 0} @click=${() => this._move(index, -1)}>
          <span aria-hidden="true">↑</span>
        </button>
        <button
          type="button"
          class="down"
          aria-label=${t('moveDown', { n })}
          title=${t('moveDown', { n })}
          ?disabled=${index === this._drafts.length - 1}
          @click=${() => this._move(index, 1)}
        >
          <span aria-hidden="true">↓</span>
        </button>
        <button type="button" aria-label=${t('remove', { n })} title=${t('remove', { n })} ?disabled=${this._drafts.length === 1} @click=${() => this._remove(index)}>
          <span aria-hidden="true">×</span>
        </button>
      </span>
    </li>`;
  }

  private _renderValue(draft: ActionDraft, index: number) {
    const t = translateTemplates(this.locale);
    const n = String(index + 1);
    const value = (e: Event) => this._change(index, { value: (e.target as HTMLInputElement).value });
    const select = (label: string, options: Array<{ value: string; text: string }>) =>
      html`<label
        >${label}
        <select aria-label=${`${t('action', { n })}: ${label}`} @change=${value}>
          ${options.some((o) => o.value === draft.value) ? nothing : html`<option value=${draft.value} selected>${draft.value}</option>`}
          ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === draft.value}>${o.text}</option>`)}
        </select>
      </label>`;
    const input = (label: string, field: 'value' | 'title', type = 'text') =>
      html`<label
        >${label}
        <input
          type=${type}
          min=${type === 'number' ? '1' : nothing}
          aria-label=${`${t('action', { n })}: ${label}`}
          .value=${draft[field]}
          @input=${(e: Event) => this._change(index, { [field]: (e.target as HTMLInputElement).value })}
      /></label>`;
    switch (draft.type) {
      case 'setStatus':
        return select(t('status'), TICKET_STATUSES.map((s) => ({ value: s, text: t(`status.${s}`) })));
      case 'setPriority':
        return select(t('priority'), TICKET_PRIORITIES.map((p) => ({ value: p, text: t(`priority.${p}`) })));
      case 'assignAgent':
        return select(t('agent'), this.user ? [{ value: this.user.id, text: t('me', { name: this.user.name }) }] : []);
      case 'assignQueue':
        return select(t('queue'), (this.user?.queues ?? []).map((q) => ({ value: q.id, text: q.name })));
      case 'assignTeam':
        return select(t('team'), (this.user?.teams ?? []).map((team) => ({ value: team.id, text: team.name })));
      case 'addTags':
      case 'removeTags':
        return input(t('tags'), 'value');
      case 'addNote':
        return html`<label
          >${t('note')}
          <textarea rows="2" aria-label=${`${t('action', { n })}: ${t('note')}`} .value=${draft.value} @input=${value}></textarea>
        </label>`;
      case 'followUp':
        return html`${input(t('inHours'), 'value', 'number')} ${input(t('followUpTitle'), 'title')}`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-templates-macro-editor': SbTemplatesMacroEditor;
  }
}
