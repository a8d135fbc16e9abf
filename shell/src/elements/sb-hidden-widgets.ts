import type { Locale, PageWidget } from '@switchboard/contracts';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { translate } from '../messages';
import type { WidgetNameDetail } from './sb-frame-edit-bar';
import { sharedStyles } from './shared-styles';

/**
 * The "Hidden widgets" region shown while the page edits its layout: each hidden widget with a
 * Show button, or a note that there are none.
 *
 * @fires sb-layout-show - detail WidgetNameDetail: show this widget again
 */
@customElement('sb-hidden-widgets')
export class SbHiddenWidgets extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        margin-bottom: 1rem;
      }
      section {
        padding: 0.75rem 1rem;
      }
      h2 {
        font-size: 1rem;
        margin-bottom: 0.5rem;
      }
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      p {
        margin: 0;
      }
    `,
  ];

  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The page's layout; the hidden ones are listed, in layout order. */
  @property({ attribute: false }) widgets: readonly PageWidget[] = [];

  /** Focuses the Show button of a widget (e.g. the one just hidden). */
  async focusShow(widget: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-show="${widget}"]`)?.focus();
  }

  override render() {
    const t = translate(this.locale);
    const hidden = this.widgets.filter((w) => w.hidden);
    return html`<section class="card" role="region" aria-label=${t('layout.hidden')}>
      <h2>${t('layout.hidden')}</h2>
      ${hidden.length === 0
        ? html`<p class="muted">${t('layout.noHidden')}</p>`
        : html`<ul>
            ${hidden.map((w) => {
              const title = w.manifest.title[this.locale];
              return html`<li>
                <span>${title}</span>
                <button type="button" data-show=${w.widget} aria-label=${t('layout.show', { title })} @click=${() => this._show(w.widget)}>
                  ${t('layout.showShort')}
                </button>
              </li>`;
            })}
          </ul>`}
    </section>`;
  }

  private _show(widget: string): void {
    const detail: WidgetNameDetail = { widget };
    this.dispatchEvent(new CustomEvent('sb-layout-show', { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-hidden-widgets': SbHiddenWidgets;
  }
}
