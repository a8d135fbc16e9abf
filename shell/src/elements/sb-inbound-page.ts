import type { Locale, User } from '@switchboard/contracts';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { InboundAdminClient } from '../inbound/inbound-admin-client';
import { translateInbound } from '../inbound/inbound-messages';
import type { ShellServices } from '../shell-services';
import type { HeldInboundSource } from './sb-held-inbound';
import type { QueueMailboxesSource } from './sb-queue-mailboxes';
import { modulePageStyles, sharedStyles } from './shared-styles';
import './sb-held-inbound';
import './sb-queue-mailboxes';

/**
 * The administrators' Inbound mail page (`/admin/inbound`, issue 13): which IMAP mailbox each
 * queue polls, and the received messages that were held instead of filed.
 */
@customElement('sb-inbound-page')
export class SbInboundPage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    css`
      :host {
        max-width: 72rem;
      }
      h1 {
        font-size: 1.5rem;
      }
      sb-queue-mailboxes,
      sb-held-inbound {
        display: block;
        margin-top: 1.5rem;
      }
    `,
  ];

  @property({ attribute: false }) user?: User;
  @property() locale: Locale = 'en';
  @property({ attribute: false }) services?: ShellServices;
  /** Where the page reads and changes; mail with the shell's tokens, or a test's own. */
  @property({ attribute: false }) source?: QueueMailboxesSource & HeldInboundSource;

  override willUpdate(): void {
    if (this.services) this.source ??= new InboundAdminClient(this.services.tokens);
  }

  override render() {
    const t = translateInbound(this.locale);
    if (this.user?.role !== 'admin') return html`<h1>${t('title')}</h1><p class="muted">${t('adminOnly')}</p>`;
    return html`
      <h1>${t('title')}</h1>
      <p>${t('intro')}</p>
      <sb-queue-mailboxes .locale=${this.locale} .source=${this.source}></sb-queue-mailboxes>
      <sb-held-inbound .locale=${this.locale} .source=${this.source}></sb-held-inbound>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-inbound-page': SbInboundPage;
  }
}
