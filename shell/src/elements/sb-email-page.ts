import { initialState, Task } from '@lit/task';
import type { PageWidget, User } from '@switchboard/contracts';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { planFrames } from '../layout/frame-plan';
import { LayoutEditing } from '../layout/layout-editing';
import { translate } from '../messages';
import { navigate } from '../navigation/navigate';
import { emailPath, ticketPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { widgetsToPreload } from '../widgets/entry-preload';
import { PageSession } from '../widgets/page-session';
import { ReadyMarks } from '../widgets/ready-marks';
import type { LayoutMoveDetail, LayoutSettingsDetail, WidgetNameDetail } from './sb-frame-edit-bar';
import type { SbHiddenWidgets } from './sb-hidden-widgets';
import type { WidgetCollapseDetail, WidgetSettledDetail } from './sb-widget-frame';
import type { SbWidgetGrid } from './sb-widget-grid';
import { sharedStyles } from './shared-styles';
import './sb-layout-toolbar';
import './sb-widget-grid';

/** The page whose layout this element shows. */
const PAGE = 'email-detail';

/**
 * The email detail page: the widgets of the agent's layout, from one registry request
 * (`GET /api/registry/pages/email-detail`), each in its own frame, sharing one context and one
 * event bus (`PageSession`). Widgets load in parallel with each other and with the email's
 * ticket; each mounts once the context is complete. The layout puts each widget in the main or
 * the side column. "Edit layout" lets the agent reorder and move widgets between the columns
 * (drag and drop, Move buttons, Alt+Arrow keys), hide and show optional widgets and reset to the
 * team layout (`LayoutEditing`); every change is saved at once. Any widget can be collapsed to
 * its header (saved in the agent's layout); a collapsed one, or one below the fold, mounts when
 * shown. Frames are moved, never re-created,
 * so widgets stay mounted (`sb-widget-grid`). Dev overrides of this browser replace (or add)
 * widgets. Sets the performance marks `sb:widget-ready:<name>` (per widget, by its frame) and
 * `sb:widgets-ready` (all frames settled or waiting to be shown, `ReadyMarks`). As soon as the
 * composition arrives, the entry of each column's top widget is preloaded (`widgetsToPreload`).
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
        overflow-wrap: anywhere;
      }
      .ticket {
        margin: 0;
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

  /** This browser's dev overrides (widget name -> manifest URL), as of the composition or the last change. */
  @state() private _overrides: Record<string, string> = {};

  @query('sb-widget-grid') private _grid?: SbWidgetGrid;
  @query('sb-hidden-widgets') private _hidden?: SbHiddenWidgets;

  private readonly _session = new PageSession(this, {
    page: PAGE,
    inputs: () => ({ emailId: this.emailId, user: this.user, services: this.services }),
  });
  private readonly _layout = new LayoutEditing(this, { page: PAGE, locale: () => this._locale });
  private readonly _marks = new ReadyMarks();

  /** The page's composition, once the session started; Retry runs it again. */
  private readonly _composition = new Task(this, {
    task: async ([services, runtime], { signal }) => {
      if (!services || !runtime) return initialState;
      const composition = await services.registry.page(PAGE, signal).catch((error: unknown) => {
        if (!signal.aborted) console.error('The page composition could not be loaded', error);
        throw error;
      });
      signal.throwIfAborted();
      this._overrides = services.overrides.all();
      this._layout.begin(composition, services.registry);
      const plans = this._plans();
      // The top widgets' entries download while the frames render, not at each frame's turn.
      services.widgets.preload(widgetsToPreload(plans));
      this._marks.begin(plans.map((plan) => plan.name));
      return composition;
    },
    args: () => [this.services, this._session.runtime] as const,
  });

  /** The layout as shown now (for tests and the e2e: order and hidden flags). */
  get widgets(): readonly PageWidget[] {
    return this._layout.widgets;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._composition.abort();
  }

  private get _locale() {
    return this.user?.locale ?? 'en';
  }

  /** The email's title: its subject, "New email" for a draft without one, "Email" until the Email widget told it. */
  private _heading(): string {
    const t = translate(this._locale);
    const subject = this._session.subject;
    if (subject === undefined) return t('email.title');
    return subject || t(this._session.ticket ? 'email.noSubject' : 'email.new');
  }

  protected override updated(): void {
    // The tab shows what the header shows, once the subject is known (and follows the language).
    const ticket = this._session.ticket;
    if (this._session.subject === undefined || !this.services) return;
    const heading = this._heading();
    this.services.tabs.rename(emailPath(this.emailId), ticket ? `${heading} · #${ticket.number}` : heading);
  }

  override render() {
    const t = translate(this._locale);
    const ticket = this._session.ticket;
    return html`
      <div class="head">
        <h1>${this._heading()}</h1>
        <p class="ticket muted">
          ${ticket
            ? html`<a href=${ticketPath(ticket.id)} @click=${this._onTicketClick}>${t('email.ticket', { number: ticket.number, title: ticket.title })}</a>`
            : t('email.noTicket')}
        </p>
      </div>
      ${this._session.ticketFailed ? html`<p class="alert" role="alert">${t('email.ticketFailed')}</p>` : nothing}
      ${this._composition.render({
        initial: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: () =>
          html`<p class="alert" role="alert">
            ${t('email.layoutFailed')}<button type="button" @click=${() => void this._composition.run()}>${t('common.retry')}</button>
          </p>`,
        complete: () => this._renderLayout(),
      })}
    `;
  }

  private _renderLayout() {
    const layout = this._layout;
    const plans = this._plans();
    return html`
      <sb-layout-toolbar
        locale=${this._locale}
        ?editing=${layout.editing}
        info=${layout.info}
        error=${layout.error}
        @sb-layout-editing=${() => void layout.toggle()}
        @sb-layout-reset=${() => void layout.reset()}
      ></sb-layout-toolbar>
      ${layout.editing
        ? html`<sb-hidden-widgets locale=${this._locale} .widgets=${layout.widgets} @sb-layout-show=${this._onShow}></sb-hidden-widgets>`
        : nothing}
      ${plans.length === 0 ? html`<p class="muted">${translate(this._locale)('email.noWidgets')}</p>` : nothing}
      <sb-widget-grid
        .plans=${plans}
        .runtime=${this._session.runtime}
        locale=${this._locale}
        ?editing=${layout.editing}
        @sb-widget-settled=${this._onSettled}
        @sb-widget-deferred=${(event: CustomEvent<WidgetNameDetail>) => this._marks.settled(event.detail.widget, true)}
        @sb-widget-collapse=${(event: CustomEvent<WidgetCollapseDetail>) => this._layout.setCollapsed(event.detail.widget, event.detail.collapsed)}
        @sb-layout-move=${this._onMove}
        @sb-layout-hide=${this._onHide}
        @sb-layout-settings=${(event: CustomEvent<LayoutSettingsDetail>) => this._layout.setSettings(event.detail.widget, event.detail.values)}
        @sb-override-clear=${this._onOverrideClear}
      ></sb-widget-grid>
    `;
  }

  private _plans() {
    return planFrames(this._layout.widgets, this._overrides);
  }

  private _onSettled(event: CustomEvent<WidgetSettledDetail>): void {
    this._marks.settled(event.detail.widget, event.detail.first);
  }

  private _onMove(event: CustomEvent<LayoutMoveDetail>): void {
    this._layout.move(event.detail.widget, event.detail.region, event.detail.to);
  }

  private _onHide(event: CustomEvent<WidgetNameDetail>): void {
    const name = event.detail.widget;
    if (this._layout.hide(name)) void this.updateComplete.then(() => this._hidden?.focusShow(name));
  }

  private _onShow(event: CustomEvent<WidgetNameDetail>): void {
    const name = event.detail.widget;
    if (this._layout.show(name)) void this.updateComplete.then(() => this._grid?.focusControl(name, 'hide'));
  }

  private _onOverrideClear(event: CustomEvent<WidgetNameDetail>): void {
    const overrides = this.services?.overrides;
    if (!overrides) return;
    overrides.set(event.detail.widget, null);
    this._overrides = overrides.all();
  }

  private _onTicketClick(event: MouseEvent): void {
    const ticket = this._session.ticket;
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
