import type { LayoutRegion, Locale, WidgetManifest } from '@switchboard/contracts';
import { theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { mountRootParcel, type Parcel } from 'single-spa';
import { FirstShown } from '../layout/first-shown';
import { layoutMoveEvent, layoutRegionEvent } from '../layout/layout-moves';
import { translate } from '../messages';
import { mountSandboxed, type SandboxedWidget } from '../sandbox/bridge-host';
import { failureReport } from '../widgets/failure-report';
import type { WidgetFrameRuntime } from '../widgets/frame-runtime';
import type { WidgetHost } from '../widgets/host-api';
import { widgetReadyMark } from '../widgets/ready-marks';
import { withTimeout } from '../widgets/timeout';
import { WidgetLoadError, type WidgetFailureKind } from '../widgets/widget-load-error';
import { sourceName, type ResolvedWidget, type WidgetSource } from '../widgets/widget-loader';
import type { EditBarControl, SbFrameEditBar, WidgetNameDetail } from './sb-frame-edit-bar';
import { sharedStyles } from './shared-styles';

/** How long one attempt may take from manifest to mounted before it counts as failed. */
export const WIDGET_LOAD_TIMEOUT_MS = 10_000;

/** Failures worth one automatic retry; the others (bad manifest, contract, integrity) would fail the same way. */
const RETRYABLE = new Set<WidgetFailureKind>(['manifest-unavailable', 'load', 'mount', 'timeout']);

/** Detail of `sb-widget-settled`. */
export interface WidgetSettledDetail {
  /** Registry name of the widget. */
  widget: string;
  /** Mounted (true) or failed (false). */
  ok: boolean;
  /** True the first time this frame settles; a Retry settles it again. */
  first: boolean;
}

/** Detail of `sb-widget-collapse`. */
export interface WidgetCollapseDetail {
  widget: string;
  collapsed: boolean;
}

/** Error details can be whole stack-like texts from the federation runtime; the tile shows the start. */
const MAX_DETAIL = 240;
const shorten = (text: string) => (text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text);

/**
 * One widget on a page: a labelled region that loads the widget and mounts it (a parcel in the
 * page, or a sandboxed iframe for an `untrusted` one), or shows an error tile with Retry. A
 * failure stays inside this frame; a transient one is retried once before the tile shows, and
 * the final failure of a registry version is reported. While the page edits its layout the
 * frame shows its edit bar (`sb-frame-edit-bar`: drag handle, Move, Hide, whose events bubble
 * out of the frame) and moves by Alt+Arrow keys (Up and Down in its column, Left and Right to the
 * main or side column); it never reloads the widget for a move.
 * @fires sb-widget-settled - detail WidgetSettledDetail: the widget mounted or failed
 * @fires sb-override-clear - detail WidgetNameDetail
 * @fires sb-widget-collapse - detail WidgetCollapseDetail: the agent collapsed or expanded it
 * @fires sb-widget-deferred - detail WidgetNameDetail: collapsed or below the fold, it mounts when shown
 */
@customElement('sb-widget-frame')
export class SbWidgetFrame extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      :host([drop-target]) section {
        outline: 3px dashed ${theme.focus};
        outline-offset: 2px;
      }
      section {
        display: flex;
        flex-direction: column;
        height: 100%;
        overflow: hidden;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 0.75rem;
        padding: 0.55rem 1rem;
        border-bottom: 1px solid ${theme.border};
      }
      h2 {
        flex: 1;
        font-size: 0.95rem;
        letter-spacing: 0.01em;
      }
      .badge {
        padding: 0.1rem 0.5rem;
        border-radius: 999px;
        background: ${theme.dangerSoft};
        border: 1px solid ${theme.dangerBorder};
        color: ${theme.danger};
        font-size: 0.8rem;
        font-weight: 700;
      }
      header button {
        min-height: 2rem;
        padding: 0.2rem 0.6rem;
        font-size: 0.85rem;
      }
      .body {
        flex: 1;
        padding: 1rem;
        min-height: 6rem;
      }
      .mount {
        min-width: 0;
      }
      .mount[hidden] {
        display: none;
      }
      .loading {
        margin: 0;
      }
      .failed {
        display: grid;
        gap: 0.5rem;
        justify-items: start;
      }
      .failed h3 {
        font-size: 1rem;
      }
      .failed p {
        margin: 0;
      }
    `,
  ];

  /** Where the widget comes from. */
  @property({ attribute: false }) source?: WidgetSource;
  /** The agent's language, for the title and messages. */
  @property() locale: Locale = 'en';
  /** Loader, context readiness, host factory and failure reports of the page. */
  @property({ attribute: false }) runtime?: WidgetFrameRuntime;
  /** Load timeout of one attempt, in milliseconds. */
  @property({ type: Number }) timeoutMs = WIDGET_LOAD_TIMEOUT_MS;
  /** The page is editing its layout: show the handle and the Move / Hide controls. */
  @property({ type: Boolean }) editing = false;
  /** The column it shows in, its position among the shown widgets of it (0-based; -1 when not in the layout) and how many there are. */
  @property() region: LayoutRegion = 'side';
  @property({ type: Number }) position = -1;
  @property({ type: Number }) count = 0;
  /** The agent collapsed it: only its header shows; the widget mounts once expanded (and stays mounted when collapsed again). */
  @property({ type: Boolean }) collapsed = false;

  @state() private _status: 'loading' | 'mounted' | 'failed' = 'loading';
  @state() private _manifest?: WidgetManifest;
  @state() private _error?: WidgetLoadError;
  @state() private _mountPoint = this._newMountPoint();

  @query('section') private _section?: HTMLElement;
  @query('sb-frame-edit-bar') private _editBar?: SbFrameEditBar;

  /** Bumped by every start and teardown, so a late result of an abandoned attempt is dropped. */
  private _attempt = 0;
  private _parcel?: Parcel;
  private _sandbox?: SandboxedWidget;
  private _host?: WidgetHost;
  private _resolved?: ResolvedWidget;
  private _settledOnce = false;
  private _stopped = false;
  private _runtimeReported = false;
  /** True once the widget started loading: it was expanded and near the window (`FirstShown`). */
  private _begun = false;
  private readonly _shown = new FirstShown(this, () => this._startWhenShown());

  constructor() {
    super();
    this.addEventListener('keydown', (event) => this._onKeydown(event));
  }

  /** Registry name of the widget. */
  get widgetName(): string {
    return this.source ? sourceName(this.source) : '';
  }

  /** The widget's title in the agent's language (its registry name until a manifest is known). */
  get widgetTitle(): string {
    const manifest = this._manifest ?? this.source?.widget?.manifest;
    return manifest?.title[this.locale] ?? this.widgetName;
  }

  /** Email and Tickets: never hidden. */
  get mandatory(): boolean {
    return this.source?.widget?.mandatory ?? this._manifest?.mandatory ?? false;
  }

  /** True when a script URL is the widget's code (its remote entry's folder), for attributing errors. */
  ownsScript(url: string): boolean {
    if (!this._resolved || !url || this._status !== 'mounted') return false;
    return url.startsWith(new URL('./', this._resolved.entryUrl).href);
  }

  /** An error the widget threw while in use: logged by the browser already, reported once per mount. */
  runtimeError(message: string): void {
    if (this._runtimeReported) return;
    this._runtimeReported = true;
    this._report('runtime', message);
  }

  /** Focuses one of the layout controls, e.g. after a move or when a hidden widget is shown again. */
  async focusControl(control: EditBarControl): Promise<void> {
    await this.updateComplete;
    await this._editBar?.focusControl(control);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this._stopped) {
      this._stopped = false;
      if (this._begun) void this._start();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A reorder moves the frame (disconnect + connect at once without moveBefore): keep the
    // widget mounted then, tear it down only when the frame really left the page.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this._attempt += 1;
      this._stopped = true;
      this._teardown();
    });
  }

  /** Called instead of disconnect + connect when the page moves the frame with `moveBefore` (state kept). */
  connectedMoveCallback(): void {}

  protected override firstUpdated(): void {
    if (this._begun) return;
    const detail: WidgetNameDetail = { widget: this.widgetName };
    this.dispatchEvent(new CustomEvent('sb-widget-deferred', { detail, bubbles: true, composed: true }));
  }

  /** Starts the widget the first time it is both expanded and near the window. */
  private _startWhenShown(): void {
    if (this._begun || this.collapsed || !this._shown.seen) return;
    this._begun = true;
    void this._start();
  }

  override updated(changed: PropertyValues<this>): void {
    // A sandboxed widget's iframe is named by its title, which follows the agent's language.
    if (changed.has('locale') && this._sandbox) this._sandbox.iframe.title = this.widgetTitle;
    if (changed.has('source')) this._passSettings(changed.get('source'));
    if (changed.has('collapsed')) this._startWhenShown();
    // The layout controls come with the layout editor's elements, fetched when first needed.
    if (changed.has('editing') && this.editing) {
      import('../layout/layout-editor-elements').catch((error: unknown) => console.error('The layout editor could not be loaded', error));
    }
  }

  /** The layout item's settings changed (the layout editor saved them): the mounted widget gets them without a reload. */
  private _passSettings(previous: WidgetSource | undefined): void {
    const settings = this.source?.widget?.settings ?? {};
    const parcel = this._parcel;
    if (!previous || JSON.stringify(previous.widget?.settings ?? {}) === JSON.stringify(settings)) return;
    // A sandboxed widget gets them over its bridge (its parcel's `update`, in the iframe).
    if (this._sandbox) {
      this._sandbox.updateSettings(settings);
      return;
    }
    if (!parcel?.update || parcel.getStatus() !== 'MOUNTED' || !this._host) return;
    void parcel.update({ domElement: this._mountPoint, host: this._host.host, settings }).catch((error: unknown) => this.runtimeError(String(error)));
  }

  override render() {
    const t = translate(this.locale);
    const title = this.widgetTitle;
    return html`
      <section class="card" role="region" aria-label=${title} aria-busy=${this._status === 'loading' ? 'true' : 'false'} @dragstart=${this._onDragStart}>
        <header>
          <h2>${title}</h2>
          ${this.position >= 0 ? this._renderCollapse(title) : nothing}
          ${this._renderOverride(title)} ${this.editing && this.position >= 0 ? this._renderEditBar(title) : nothing}
        </header>
        <div class="body" id="body" ?hidden=${this.collapsed}>
          ${this._status === 'loading' ? html`<p class="loading muted" role="status">${t('widget.loading', { title })}</p>` : nothing}
          ${this._status === 'failed' ? this._renderError(title) : nothing}
          <div ?hidden=${this._status === 'failed'}>${this._mountPoint}</div>
        </div>
      </section>
    `;
  }

  private _renderCollapse(title: string) {
    const t = translate(this.locale);
    const collapsed = this.collapsed;
    return html`<button
      type="button"
      aria-expanded=${collapsed ? 'false' : 'true'}
      aria-controls="body"
      aria-label=${t(collapsed ? 'widget.expand' : 'widget.collapse', { title })}
      @click=${this._onCollapse}
    >
      ${collapsed ? '▸' : '▾'} ${t(collapsed ? 'widget.expandShort' : 'widget.collapseShort')}
    </button>`;
  }

  private _onCollapse(): void {
    const detail: WidgetCollapseDetail = { widget: this.widgetName, collapsed: !this.collapsed };
    this.dispatchEvent(new CustomEvent('sb-widget-collapse', { detail, bubbles: true, composed: true }));
  }

  private _renderOverride(title: string) {
    if (this.source?.kind !== 'override') return nothing;
    const t = translate(this.locale);
    return html`<span class="badge" title=${t('widget.overrideFrom', { url: this.source.manifestUrl })}>${t('widget.override')}</span>
      <button type="button" aria-label=${t('widget.clearOverride', { title })} @click=${this._onOverrideClear}>
        ${t('widget.clearOverrideShort')}
      </button>`;
  }

  private _renderEditBar(title: string) {
    return html`<sb-frame-edit-bar
      .widget=${this.widgetName}
      .widgetTitle=${title}
      .locale=${this.locale}
      .region=${this.region}
      .position=${this.position}
      .count=${this.count}
      .mandatory=${this.mandatory}
      .settings=${(this._manifest ?? this.source?.widget?.manifest)?.settings ?? []}
      .values=${this.source?.widget?.settings ?? {}}
    ></sb-frame-edit-bar>`;
  }

  private _renderError(title: string) {
    const t = translate(this.locale);
    const error = this._error;
    const params = { detail: error?.message ?? '', ...error?.params };
    const reason = error ? t(`reason.${error.kind}`, { ...params, detail: shorten(String(params.detail)) }) : '';
    return html`
      <div class="failed alert" role="alert">
        <h3>${t('widget.failed', { title })}</h3>
        <p>${reason}</p>
        ${this.mandatory ? html`<p>${t('widget.required')}</p>` : nothing}
        <button type="button" @click=${() => void this._start()}>${t('common.retry')}</button>
      </div>
    `;
  }

  private _newMountPoint(): HTMLDivElement {
    const div = document.createElement('div');
    div.className = 'mount';
    return div;
  }

  /** One attempt, plus one automatic retry of a transient failure, before the error tile. */
  private async _start(retries = 1): Promise<void> {
    const { source, runtime } = this;
    if (!source || !runtime) return;
    const attempt = ++this._attempt;
    this._teardown();
    this._mountPoint = this._newMountPoint();
    this._status = 'loading';
    this._error = undefined;
    this._runtimeReported = false;
    try {
      const seconds = Math.round(this.timeoutMs / 1000);
      await withTimeout(
        this._loadAndMount(attempt, source, runtime),
        this.timeoutMs,
        () => new WidgetLoadError('timeout', `Not loaded within ${seconds} s`, { seconds }),
      );
      if (attempt !== this._attempt) return;
      this._status = 'mounted';
      performance.mark(widgetReadyMark(this.widgetName));
      this._settled(true);
    } catch (error) {
      if (attempt !== this._attempt) return;
      this._attempt += 1;
      const failure = WidgetLoadError.wrap(error, 'mount');
      if (failure.kind === 'timeout' && this._manifest) runtime.loader.forget(this._manifest);
      if (failure.manifest) this._manifest = failure.manifest;
      this._teardown();
      if (retries > 0 && RETRYABLE.has(failure.kind)) {
        console.warn(`Widget ${this.widgetName} failed to load (${failure.message}); retrying once`);
        return this._start(retries - 1);
      }
      this._error = failure;
      this._status = 'failed';
      console.error(`Widget ${this.widgetName} could not be loaded`, error);
      this._report(failure.kind, failure.message);
      this._settled(false);
    }
  }

  private async _loadAndMount(attempt: number, source: WidgetSource, runtime: WidgetFrameRuntime): Promise<void> {
    const resolved = await runtime.loader.resolve(source);
    if (attempt !== this._attempt) return;
    this._manifest = resolved.manifest;
    this._resolved = resolved;
    const settings = source.widget?.settings ?? {};
    if (resolved.manifest.untrusted) {
      await runtime.ready;
      if (attempt !== this._attempt) return;
      const host = runtime.createHost(resolved.manifest);
      this._host = host;
      this._sandbox = mountSandboxed({
        container: this._mountPoint,
        widget: resolved,
        host: host.host,
        settings,
        title: this.widgetTitle,
        locale: this.locale,
        bridgeUrl: runtime.bridgeUrl,
        css: runtime.sandboxCss(),
        onRuntimeError: (message) => this.runtimeError(message),
      });
      await this._sandbox.mounted;
      return;
    }
    const config = await runtime.loader.loadParcel(resolved);
    await runtime.ready;
    if (attempt !== this._attempt) return;
    const host = runtime.createHost(resolved.manifest);
    this._host = host;
    const parcel = mountRootParcel(config, { domElement: this._mountPoint, host: host.host, settings });
    this._parcel = parcel;
    try {
      await parcel.mountPromise;
    } catch (error) {
      throw WidgetLoadError.wrap(error, 'mount');
    }
  }

  /** Unmounts the current parcel (once its mount has finished) or sandbox, and drops its host subscriptions. */
  private _teardown(): void {
    const parcel = this._parcel;
    this._parcel = undefined;
    this._sandbox?.dispose();
    this._sandbox = undefined;
    this._host?.dispose();
    this._host = undefined;
    if (!parcel) return;
    parcel.mountPromise
      .then(() => (parcel.getStatus() === 'MOUNTED' ? parcel.unmount() : null))
      .catch(() => undefined);
  }

  /** Reports a failure of a registry version (an override is the developer's own build: not reported). */
  private _report(kind: WidgetFailureKind | 'runtime', message: string): void {
    const source = this.source;
    if (source?.kind !== 'registry' || !this.runtime) return;
    this.runtime.report(source.widget.widget, source.widget.version, failureReport(kind, message));
  }

  private _settled(ok: boolean): void {
    const first = !this._settledOnce;
    this._settledOnce = true;
    const detail: WidgetSettledDetail = { widget: this.widgetName, ok, first };
    this.dispatchEvent(new CustomEvent('sb-widget-settled', { detail, bubbles: true, composed: true }));
  }

  private _onOverrideClear(): void {
    const detail: WidgetNameDetail = { widget: this.widgetName };
    this.dispatchEvent(new CustomEvent('sb-override-clear', { detail, bubbles: true, composed: true }));
  }

  /** Alt+Arrow keys anywhere in the frame move it while the page edits its layout: Up/Down in its column, Left/Right to the main/side column. */
  private _onKeydown(event: KeyboardEvent): void {
    const keys: Record<string, () => CustomEvent | undefined> = {
      ArrowUp: () => layoutMoveEvent(this.widgetName, this, -1),
      ArrowDown: () => layoutMoveEvent(this.widgetName, this, 1),
      ArrowLeft: () => layoutRegionEvent(this.widgetName, this, 'main'),
      ArrowRight: () => layoutRegionEvent(this.widgetName, this, 'side'),
    };
    if (!this.editing || !event.altKey || !keys[event.key]) return;
    event.preventDefault();
    const move = keys[event.key]();
    if (move) this.dispatchEvent(move);
  }

  /** Dragging the edit bar's handle shows the whole frame under the pointer. */
  private _onDragStart(event: DragEvent): void {
    if (this._section) event.dataTransfer?.setDragImage(this._section, 24, 24);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-widget-frame': SbWidgetFrame;
  }
}
