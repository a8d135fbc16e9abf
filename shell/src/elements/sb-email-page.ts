import type { TabRequest, User, WidgetManifest } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { translate } from '../messages';
import { navigate } from '../navigation/navigate';
import { emailPath, ticketPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { EventBus } from '../widgets/event-bus';
import { createHostApi } from '../widgets/host-api';
import { PageContext } from '../widgets/page-context';
import { sharedStyles } from './shared-styles';
import type { SbWidgetFrame, WidgetFrameRuntime, WidgetSettledDetail } from './sb-widget-frame';
import './sb-widget-frame';

/**
 * The email detail page: the agent's layout of widgets, each in its own frame, sharing one
 * context and one event bus. Widgets load in parallel with each other and with the email's
 * ticket; each mounts once the context is complete. Sets the performance marks
 * `sb:widget-ready:<name>` (per widget, by its frame) and `sb:widgets-ready` (all frames settled).
 */
@customElement('sb-email-page')
export class SbEmailPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        padding: 1.25rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.25rem 1rem;
        margin-bottom: 1rem;
      }
      h1 {
        font-size: 1.4rem;
      }
      .id {
        font-size: 0.95rem;
        font-weight: 400;
        font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
      }
      .ticket {
        margin: 0;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr));
        gap: 1rem;
        align-items: start;
      }
      .alert {
        margin-bottom: 1rem;
      }
      .alert button {
        margin-left: 0.75rem;
      }
    `,
  ];

  /** Id of the email shown (a new email has a fresh id and no ticket). */
  @property() emailId = '';
  /** The signed-in agent. */
  @property({ attribute: false }) user?: User;
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;

  @state() private _ticketFailed = false;

  private readonly _bus = new EventBus();
  private _context?: PageContext;
  private _runtime?: WidgetFrameRuntime;
  private _settled = new Set<EventTarget>();
  private _offContext?: () => void;

  private readonly _layout = new Task(this, {
    task: async ([identity], { signal }) => {
      if (!identity) throw new Error('No identity client');
      const layout = await identity.layout('email-detail', signal);
      this._resetMarks(layout.widgets.map((entry) => entry.widget));
      if (layout.widgets.length === 0) performance.mark('sb:widgets-ready');
      return layout;
    },
    args: () => [this.services?.identity] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._offContext?.();
    this._context?.dispose();
    this._bus.clear();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this._context && this.user && this.services && this.emailId) this._start(this.user, this.services);
    if (changed.has('user') && this.user) this._context?.setLocale(this.user.locale);
  }

  override render() {
    const locale = this.user?.locale ?? 'en';
    const t = translate(locale);
    const ticket = this._context?.get().ticket;
    return html`
      <div class="head">
        <h1>${t('email.title')} <span class="id muted">${this.emailId.slice(0, 8)}</span></h1>
        <p class="ticket muted">
          ${ticket
            ? html`<a href=${ticketPath(ticket.id)} @click=${this._onTicketClick}>${t('email.ticket', { number: ticket.number, title: ticket.title })}</a>`
            : t('email.noTicket')}
        </p>
      </div>
      ${this._ticketFailed ? html`<p class="alert" role="alert">${t('email.ticketFailed')}</p>` : nothing}
      ${this._layout.render({
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: () => html`<p class="alert" role="alert">
          ${t('email.layoutFailed')}<button type="button" @click=${() => this._layout.run()}>${t('common.retry')}</button>
        </p>`,
        complete: (layout) =>
          layout.widgets.length === 0
            ? html`<p class="muted">${t('email.noWidgets')}</p>`
            : html`<div class="grid" @sb-widget-settled=${this._onSettled}>
                ${repeat(
                  layout.widgets,
                  (entry, index) => `${index}:${entry.widget}`,
                  (entry) => html`<sb-widget-frame .entry=${entry} .locale=${locale} .runtime=${this._runtime}></sb-widget-frame>`,
                )}
              </div>`,
      })}
    `;
  }

  private _start(user: User, services: ShellServices): void {
    const context = new PageContext(this._bus, {
      user: { id: user.id, name: user.name, locale: user.locale },
      page: 'email-detail',
      emailId: this.emailId,
    });
    this._context = context;
    this._offContext = this._bus.on('context.changed', () => this.requestUpdate());
    const ready = services.tickets
      .emailTicket(this.emailId)
      .then((link) => {
        if (link) context.setTicket(link.ticket, link.ticket.contactId ?? undefined, link.ticket.companyId ?? undefined);
      })
      .catch((error: unknown) => {
        console.error('The ticket of the email could not be loaded', error);
        this._ticketFailed = true;
      });
    const here = emailPath(this.emailId);
    this._runtime = {
      loader: services.widgets,
      ready,
      createHost: (manifest: WidgetManifest) =>
        createHostApi({
          manifest,
          bus: this._bus,
          context,
          tokens: services.tokens,
          openTab: (tab: TabRequest) => {
            services.tabs.open({ ...tab, opener: here });
            navigate(tab.path);
          },
          navigate: (path: string) => {
            services.tabs.retarget(here, path);
            navigate(path);
          },
        }),
    };
  }

  private _resetMarks(widgets: string[]): void {
    this._settled = new Set();
    performance.clearMarks('sb:widgets-ready');
    for (const widget of widgets) performance.clearMarks(`sb:widget-ready:${widget}`);
  }

  private _onSettled(event: CustomEvent<WidgetSettledDetail>): void {
    const frame = event.target as SbWidgetFrame;
    if (!event.detail.first || this._settled.has(frame)) return;
    this._settled.add(frame);
    if (this._settled.size === (this._layout.value?.widgets.length ?? 0)) performance.mark('sb:widgets-ready');
  }

  private _onTicketClick(event: MouseEvent): void {
    const ticket = this._context?.get().ticket;
    if (!ticket || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.services?.tabs.open({ path: ticketPath(ticket.id), title: `#${ticket.number}`, opener: emailPath(this.emailId) });
    navigate(ticketPath(ticket.id));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-email-page': SbEmailPage;
  }
}
