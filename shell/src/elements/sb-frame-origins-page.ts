import type { FrameOrigin, Locale, User } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { FrameOriginsClient } from '../frame-origins/frame-origins-client';
import { translateFrameOrigins } from '../frame-origins/frame-origins-messages';
import type { ShellServices } from '../shell-services';
import { modulePageStyles, sharedStyles } from './shared-styles';

/** The calls the page makes; the registry with the shell's tokens, or a test's own. */
export type FrameOriginsSource = Pick<FrameOriginsClient, 'list' | 'add' | 'remove'>;

/**
 * The sites the Page-in-page widget may show (`/admin/frame-origins`, P1): an administrator adds
 * https origins and removes them; the registry checks each, and the gateway frames them from the
 * next page load. Others read that only an administrator changes it.
 */
@customElement('sb-frame-origins-page')
export class SbFrameOriginsPage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    css`
      h1 {
        font-size: 1.5rem;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
        margin: 1rem 0;
      }
      label {
        display: grid;
        gap: 0.3rem;
        font-weight: 600;
        flex: 1 1 16rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 1rem;
        padding: 0.5rem 1rem;
      }
    `,
  ];

  @property({ attribute: false }) user?: User;
  @property() locale: Locale = 'en';
  @property({ attribute: false }) services?: ShellServices;
  /** Where the list is kept; the registry by default. Tests set their own. */
  @property({ attribute: false }) source?: FrameOriginsSource;

  @state() private _items?: FrameOrigin[];
  @state() private _error = '';
  @state() private _done = '';
  @state() private _busy = false;

  private readonly _list = new Task(this, {
    task: async ([source], { signal }) => (source ? (await source.list(signal)).items : []),
    args: () => [this.source] as const,
  });

  override willUpdate(): void {
    if (this.services) this.source ??= new FrameOriginsClient(this.services.tokens);
  }

  override render() {
    const t = translateFrameOrigins(this.locale);
    const admin = this.user?.role === 'admin';
    const items = this._items ?? this._list.value;
    return html`
      <h1>${t('title')}</h1>
      <p>${t('intro')}</p>
      ${admin
        ? html`<form @submit=${this._add} novalidate>
            <label>${t('origin')} <input name="origin" type="url" inputmode="url" required placeholder="https://" aria-describedby="origin-hint" /></label>
            <button type="submit" class="primary" ?disabled=${this._busy}>${t('add')}</button>
            <p id="origin-hint" class="muted">${t('hint')}</p>
          </form>`
        : html`<p class="muted">${t('adminOnly')}</p>`}
      ${this._error ? html`<p class="alert" role="alert">${t('failed', { reason: this._error })}</p>` : nothing}
      <p role="status">${this._done}</p>
      ${items === undefined
        ? this._list.error
          ? html`<p class="alert" role="alert">${t('loadFailed')}</p>`
          : html`<p class="muted">${t('loading')}</p>`
        : items.length === 0
          ? html`<p class="muted">${t('empty')}</p>`
          : html`<ul class="card">
              ${items.map(
                (item) => html`<li>
                  <span>${item.origin}</span>
                  ${admin
                    ? html`<button type="button" ?disabled=${this._busy} @click=${() => this._remove(item.origin)}>${t('remove', { origin: item.origin })}</button>`
                    : nothing}
                </li>`,
              )}
            </ul>`}
    `;
  }

  /** Runs a change and shows the list it answers, or why it failed. */
  private async _change(change: (source: FrameOriginsSource) => Promise<{ items: FrameOrigin[] }>, done: string): Promise<boolean> {
    if (!this.source || this._busy) return false;
    this._busy = true;
    this._error = '';
    this._done = '';
    try {
      this._items = (await change(this.source)).items;
      this._done = done;
      return true;
    } catch (error) {
      this._error = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      this._busy = false;
    }
  }

  private async _add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const origin = String(new FormData(form).get('origin') ?? '').trim();
    if (await this._change((source) => source.add(origin), translateFrameOrigins(this.locale)('added', { origin }))) form.reset();
  }

  private _remove(origin: string): void {
    void this._change((source) => source.remove(origin), translateFrameOrigins(this.locale)('removed', { origin }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-frame-origins-page': SbFrameOriginsPage;
  }
}
