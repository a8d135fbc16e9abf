import type { Locale } from '@switchboard/contracts';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { translate } from '../messages';
import { onLinkClick } from '../navigation/navigate';
import { matchRoute } from '../navigation/routes';
import { modulePageStyles, sharedStyles } from './shared-styles';

/** Placeholder for a contact's customer journey (K6, N4) until the CRM module lands. */
@customElement('sb-journey-page')
export class SbJourneyPage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    css`
      section {
        padding: 1.5rem;
      }
      h1 {
        font-size: 1.5rem;
        margin-bottom: 0.5rem;
      }
      p {
        margin: 0;
      }
    `,
  ];

  /** Id of the contact. */
  @property() contactId = '';
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** Route this page's tab was opened from, for the way back. */
  @property() opener?: string;

  override render() {
    const t = translate(this.locale);
    const fromEmail = this.opener !== undefined && matchRoute(this.opener).name === 'email';
    return html`
      ${fromEmail ? html`<a class="back" href=${this.opener} @click=${onLinkClick}><span aria-hidden="true">←</span> ${t('ticket.backToEmail')}</a>` : nothing}
      <section class="card" aria-labelledby="journey-heading">
        <h1 id="journey-heading">${t('journey.title')}</h1>
        <p class="muted">${t('journey.placeholder')}</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-journey-page': SbJourneyPage;
  }
}
