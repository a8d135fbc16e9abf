import { Task } from '@lit/task';
import type { Locale, Sla } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { backLink } from '../crm/crm-links';
import { crmRecordStyles } from '../crm/record-styles';
import { translate } from '../messages';
import { slaPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { modulePageStyles, sharedStyles } from './shared-styles';

/**
 * An SLA plan's settings (C7): the targets a company's customers are answered by, opened from
 * the company's SLA reference; "Back to company" or "Back to email" as it was opened.
 */
@customElement('sb-sla-page')
export class SbSlaPage extends LitElement {
  static override styles = [sharedStyles, modulePageStyles, crmRecordStyles];

  /** Reference of the plan shown (`gold`). */
  @property() slaRef = '';
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;

  private readonly _sla = new Task(this, {
    task: async ([services, ref], { signal }) => {
      if (!services) throw new Error('No services');
      return services.crm.sla(ref, signal);
    },
    args: () => [this.services, this.slaRef] as const,
  });

  override render() {
    const t = translate(this.locale);
    return html`
      ${backLink(this.services?.tabs.find(slaPath(this.slaRef))?.opener, t)}
      ${this._sla.render({
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: (error) =>
          error instanceof ApiError && error.status === 404
            ? html`<p class="alert" role="alert">${t('sla.notFound', { ref: this.slaRef })}</p>`
            : html`<p class="alert" role="alert">
                ${t('sla.loadFailed')}<button type="button" @click=${() => this._sla.run()}>${t('common.retry')}</button>
              </p>`,
        complete: (sla) => this._renderSla(sla),
      })}
    `;
  }

  private _renderSla(sla: Sla) {
    const t = translate(this.locale);
    return html`<article class="card" aria-labelledby="sla-heading">
      <p class="module muted">${t('crm.module')}</p>
      <h1 id="sla-heading">${t('sla.heading', { name: sla.name[this.locale] })}</h1>
      <dl>
        <dt>${t('sla.firstResponse')}</dt>
        <dd>${t('sla.minutes', { n: sla.firstResponseMinutes })}</dd>
        <dt>${t('sla.resolution')}</dt>
        <dd>${t('sla.hours', { n: sla.resolutionHours })}</dd>
        <dt>${t('sla.coverage')}</dt>
        <dd>${t(`sla.coverage.${sla.coverage}`)}</dd>
        <dt>${t('sla.channels')}</dt>
        <dd>${sla.channels.map((channel) => t(`sla.channel.${channel}`)).join(', ')}</dd>
      </dl>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-sla-page': SbSlaPage;
  }
}
