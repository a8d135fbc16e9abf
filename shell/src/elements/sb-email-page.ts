import { theme } from '@switchboard/widget-sdk';
import type { PageComposition, PageWidget, TabRequest, User, WidgetManifest } from '@switchboard/contracts';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { deepActiveElement, place } from '../layout/dom-order';
import { LayoutEditor } from '../layout/layout-editor';
import { positionOf, visibleWidgets } from '../layout/layout-model';
import { followEmailChanges } from '../mail/postponed-emails';
import { translate } from '../messages';
import { navigate } from '../navigation/navigate';
import { emailPath, ticketPath } from '../navigation/routes';
import { SANDBOX_BRIDGE_PATH, shellThemeCss } from '../sandbox/srcdoc';
import type { ShellServices } from '../shell-services';
import { EventBus } from '../widgets/event-bus';
import { createHostApi } from '../widgets/host-api';
import { PageContext } from '../widgets/page-context';
import type { WidgetSource } from '../widgets/widget-loader';
import { sharedStyles } from './shared-styles';
import type { LayoutMoveDetail, SbWidgetFrame, WidgetFrameRuntime, WidgetNameDetail, WidgetSettledDetail } from './sb-widget-frame';
import './sb-widget-frame';

/** The page whose layout this element shows. */
const PAGE = 'email-detail';

/** One frame the page should show, in order. */
interface FramePlan {
  name: string;
  source: WidgetSource;
  /** Tells whether an existing frame can stay: the same override URL, or the registry. */
  key: string;
  /** Position among the layout's shown widgets; -1 for an override of a widget the layout does not have. */
  position: number;
}

/**
 * The email detail page: the widgets of the agent's layout, from one registry request
 * (`GET /api/registry/pages/email-detail`), each in its own frame, sharing one context and one
 * event bus. Widgets load in parallel with each other and with the email's ticket; each mounts
 * once the context is complete. "Edit layout" lets the agent reorder (drag and drop, Move
 * buttons, Alt+Arrow keys), hide and show optional widgets and reset to the team layout; every
 * change is saved at once. Frames are moved, never re-created, so widgets stay mounted. Dev
 * overrides of this browser replace (or add) widgets. Sets the performance marks
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
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
        margin-bottom: 0.75rem;
      }
      .toolbar button[aria-pressed='true'] {
        background: ${theme.accent};
        border-color: ${theme.accent};
        color: ${theme.onAccent};
      }
      .hint,
      .status {
        margin: 0 0 0.75rem;
      }
      .status:empty {
        margin: 0;
      }
      .hidden-widgets {
        margin-bottom: 1rem;
        padding: 0.75rem 1rem;
      }
      .hidden-widgets h2 {
        font-size: 1rem;
        margin-bottom: 0.5rem;
      }
      .hidden-widgets ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .hidden-widgets li {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      .hidden-widgets p {
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
  @state() private _load: 'loading' | 'failed' | 'ready' = 'loading';
  @state() private _editing = false;
  /** The last layout change, said by the live region ("Tickets moved to position 1 of 3"). */
  @state() private _announcement = '';

  private readonly _bus = new EventBus();
  private _context?: PageContext;
  private _runtime?: WidgetFrameRuntime;
  private _editor?: LayoutEditor;
  private _overrides: Record<string, string> = {};
  private readonly _frames = new Map<string, SbWidgetFrame>();
  /** Frames of the first composition that have not settled yet; `sb:widgets-ready` when none is left. */
  private _unsettled?: Set<string>;
  private _dragging?: string;
  private _dropTarget?: SbWidgetFrame;
  private _abort?: AbortController;
  private _offContext?: () => void;

  private readonly _onWindowError = (event: ErrorEvent) => {
    for (const frame of this._frames.values()) if (frame.ownsScript(event.filename)) frame.runtimeError(event.message);
  };

  /** The layout as shown now (for tests and the e2e: order and hidden flags). */
  get widgets(): readonly PageWidget[] {
    return this._editor?.widgets ?? [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('error', this._onWindowError);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('error', this._onWindowError);
    this._abort?.abort();
    this._offContext?.();
    this._context?.dispose();
    this._bus.clear();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this._context && this.user && this.services && this.emailId) this._start(this.user, this.services);
    if (changed.has('user') && this.user) this._context?.setLocale(this.user.locale);
  }

  protected override updated(): void {
    this._syncFrames();
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
      ${this._load === 'loading' ? html`<p class="muted" role="status">${t('common.loading')}</p>` : nothing}
      ${this._load === 'failed'
        ? html`<p class="alert" role="alert">
            ${t('email.layoutFailed')}<button type="button" @click=${() => this._loadComposition()}>${t('common.retry')}</button>
          </p>`
        : nothing}
      ${this._load === 'ready' ? this._renderLayout() : nothing}
    `;
  }

  private _renderLayout() {
    const t = translate(this.user?.locale ?? 'en');
    const widgets = this._editor?.widgets ?? [];
    const status = this._editor?.status;
    const error =
      status?.type === 'rejected' ? status.message : status?.type === 'failed' ? t('layout.saveFailed') : undefined;
    const info = status?.type === 'conflict' ? t('layout.conflict') : status?.type === 'reset' ? t('layout.resetDone') : this._announcement;
    const nothingShown = visibleWidgets(widgets).length === 0 && !Object.keys(this._overrides).some((name) => !widgets.some((w) => w.widget === name));
    return html`
      <div class="toolbar">
        <button type="button" aria-pressed=${this._editing ? 'true' : 'false'} @click=${this._toggleEditing}>${t('layout.edit')}</button>
        ${this._editing ? html`<button type="button" @click=${this._reset}>${t('layout.reset')}</button>` : nothing}
      </div>
      ${this._editing ? html`<p class="hint muted">${t('layout.hint')}</p>` : nothing}
      <p class="status" role="status">${info}</p>
      ${error ? html`<p class="alert" role="alert">${error}</p>` : nothing} ${this._editing ? this._renderHidden(widgets) : nothing}
      ${nothingShown ? html`<p class="muted">${t('email.noWidgets')}</p>` : nothing}
      <div
        class="grid"
        @sb-widget-settled=${this._onSettled}
        @sb-layout-move=${this._onMove}
        @sb-layout-hide=${this._onHide}
        @sb-layout-dragstart=${this._onDragStart}
        @sb-override-clear=${this._onOverrideClear}
        @dragover=${this._onDragOver}
        @dragleave=${this._onDragLeave}
        @drop=${this._onDrop}
        @dragend=${this._endDrag}
      ></div>
    `;
  }

  private _renderHidden(widgets: readonly PageWidget[]) {
    const locale = this.user?.locale ?? 'en';
    const t = translate(locale);
    const hidden = widgets.filter((w) => w.hidden);
    return html`<section class="card hidden-widgets" role="region" aria-label=${t('layout.hidden')}>
      <h2>${t('layout.hidden')}</h2>
      ${hidden.length === 0
        ? html`<p class="muted">${t('layout.noHidden')}</p>`
        : html`<ul>
            ${hidden.map((w) => {
              const title = w.manifest.title[locale];
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

  private _start(user: User, services: ShellServices): void {
    const context = new PageContext(this._bus, {
      user: { id: user.id, name: user.name, locale: user.locale },
      page: PAGE,
      emailId: this.emailId,
    });
    this._context = context;
    this._offContext = this._bus.on('context.changed', () => this.requestUpdate());
    followEmailChanges(this._bus, services.postponed);
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
      bridgeUrl: new URL(SANDBOX_BRIDGE_PATH, location.origin).href,
      sandboxCss: () => shellThemeCss(),
      report: (widget, version, body) =>
        void services.registry.reportFailure(widget, version, body).catch((error: unknown) => console.warn('A load failure could not be reported', error)),
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
    this._loadComposition();
  }

  private _loadComposition(): void {
    const services = this.services;
    if (!services) return;
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    this._load = 'loading';
    services.registry.page(PAGE, abort.signal).then(
      (composition) => {
        if (abort.signal.aborted) return;
        this._begin(composition, services);
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        console.error('The page composition could not be loaded', error);
        this._load = 'failed';
      },
    );
  }

  private _begin(composition: PageComposition, services: ShellServices): void {
    this._overrides = services.overrides.all();
    this._editor = new LayoutEditor(composition, { page: PAGE, client: services.registry, onChange: () => this.requestUpdate() });
    const names = this._plan().map((plan) => plan.name);
    this._unsettled = new Set(names);
    performance.clearMarks('sb:widgets-ready');
    for (const name of names) performance.clearMarks(`sb:widget-ready:${name}`);
    if (names.length === 0) performance.mark('sb:widgets-ready');
    this._load = 'ready';
  }

  /** The frames to show, in order: the layout's shown widgets, then overrides of widgets it does not have. */
  private _plan(): FramePlan[] {
    const widgets = this._editor?.widgets ?? [];
    const shown = visibleWidgets(widgets).map((widget, position): FramePlan => {
      const url = this._overrides[widget.widget];
      return url
        ? { name: widget.widget, source: { kind: 'override', name: widget.widget, manifestUrl: url, widget }, key: `override:${url}`, position }
        : { name: widget.widget, source: { kind: 'registry', widget }, key: 'registry', position };
    });
    const extra = Object.entries(this._overrides)
      .filter(([name]) => !widgets.some((w) => w.widget === name))
      .map(([name, url]): FramePlan => ({ name, source: { kind: 'override', name, manifestUrl: url }, key: `override:${url}`, position: -1 }));
    return [...shown, ...extra];
  }

  /** Brings the grid in line with the plan: new frames created, gone ones removed, the rest moved (never re-created). */
  private _syncFrames(): void {
    const grid = this.renderRoot.querySelector<HTMLElement>('.grid');
    if (!grid || !this._editor) return;
    const plans = this._plan();
    const count = plans.filter((plan) => plan.position >= 0).length;
    const focused = deepActiveElement();
    for (const [name, frame] of this._frames) {
      if (!plans.some((plan) => plan.name === name && frame.dataset.key === plan.key)) {
        frame.remove();
        this._frames.delete(name);
      }
    }
    plans.forEach((plan, index) => {
      let frame = this._frames.get(plan.name);
      if (!frame) {
        frame = document.createElement('sb-widget-frame');
        frame.dataset.key = plan.key;
        frame.source = plan.source;
        this._frames.set(plan.name, frame);
      }
      frame.locale = this.user?.locale ?? 'en';
      frame.runtime = this._runtime;
      frame.editing = this._editing;
      frame.position = plan.position;
      frame.count = count;
      const at = grid.children[index] ?? null;
      if (at !== frame) place(grid, frame, at);
    });
    // An ordinary insert (no moveBefore) drops focus from a moved frame: give it back.
    if (focused?.isConnected && deepActiveElement() !== focused) focused.focus();
  }

  private _title(name: string): string {
    const locale = this.user?.locale ?? 'en';
    return this._editor?.widgets.find((w) => w.widget === name)?.manifest.title[locale] ?? this._frames.get(name)?.widgetTitle ?? name;
  }

  private _toggleEditing(): void {
    this._editing = !this._editing;
  }

  private _move(name: string, to: number): void {
    const editor = this._editor;
    if (!editor?.move(name, to)) return;
    const { index, count } = positionOf(editor.widgets, name);
    this._announce('layout.moved', { title: this._title(name), position: index + 1, count });
  }

  private _show(name: string): void {
    if (!this._editor?.setHidden(name, false)) return;
    this._announce('layout.shownDone', { title: this._title(name) });
    void this.updateComplete.then(() => this._frames.get(name)?.focusControl('hide'));
  }

  private async _reset(): Promise<void> {
    this._announcement = '';
    await this._editor?.reset();
  }

  private _announce(key: 'layout.moved' | 'layout.shownDone' | 'layout.hiddenDone', params: Record<string, string | number>): void {
    this._announcement = translate(this.user?.locale ?? 'en')(key, params);
  }

  private _onSettled(event: CustomEvent<WidgetSettledDetail>): void {
    const unsettled = this._unsettled;
    if (!event.detail.first || !unsettled?.delete(event.detail.widget)) return;
    if (unsettled.size === 0) performance.mark('sb:widgets-ready');
  }

  private _onMove(event: CustomEvent<LayoutMoveDetail>): void {
    this._move(event.detail.widget, event.detail.to);
  }

  private _onHide(event: CustomEvent<WidgetNameDetail>): void {
    const name = event.detail.widget;
    if (!this._editor?.setHidden(name, true)) return;
    this._announce('layout.hiddenDone', { title: this._title(name) });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-show="${name}"]`)?.focus());
  }

  private _onOverrideClear(event: CustomEvent<WidgetNameDetail>): void {
    const services = this.services;
    if (!services) return;
    services.overrides.set(event.detail.widget, null);
    this._overrides = services.overrides.all();
    this.requestUpdate();
  }

  private _onDragStart(event: CustomEvent<WidgetNameDetail>): void {
    this._dragging = event.detail.widget;
  }

  private _frameOf(event: Event): SbWidgetFrame | undefined {
    return event.composedPath().find((node): node is SbWidgetFrame => node instanceof HTMLElement && node.localName === 'sb-widget-frame');
  }

  private _onDragOver(event: DragEvent): void {
    const target = this._frameOf(event);
    if (!this._dragging || !target || target.position < 0) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    if (this._dropTarget !== target) {
      this._dropTarget?.removeAttribute('drop-target');
      this._dropTarget = target;
      target.setAttribute('drop-target', '');
    }
  }

  private _onDragLeave(event: DragEvent): void {
    if (this._dropTarget && !this._dropTarget.contains(event.relatedTarget as Node | null)) {
      this._dropTarget.removeAttribute('drop-target');
      this._dropTarget = undefined;
    }
  }

  private _onDrop(event: DragEvent): void {
    const target = this._frameOf(event);
    const dragging = this._dragging;
    this._endDrag();
    if (!dragging || !target || target.position < 0) return;
    event.preventDefault();
    this._move(dragging, target.position);
  }

  private _endDrag(): void {
    this._dragging = undefined;
    this._dropTarget?.removeAttribute('drop-target');
    this._dropTarget = undefined;
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
