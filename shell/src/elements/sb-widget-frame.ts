import type { LayoutEntry, Locale, WidgetManifest } from '@switchboard/contracts';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { mountRootParcel, type Parcel } from 'single-spa';
import { translate } from '../messages';
import type { WidgetHost } from '../widgets/host-api';
import { withTimeout } from '../widgets/timeout';
import { WidgetLoadError } from '../widgets/widget-load-error';
import type { WidgetLoader } from '../widgets/widget-loader';
import { sharedStyles } from './shared-styles';

/** How long a widget may take from manifest to mounted before its frame shows an error. */
export const WIDGET_LOAD_TIMEOUT_MS = 10_000;

/** What a frame needs from its page to load and mount a widget. */
export interface WidgetFrameRuntime {
  /** Fetches manifests and loads parcels. */
  loader: WidgetLoader;
  /** Resolves once the page context is complete (the email's ticket is known). */
  ready: Promise<void>;
  /** The host API for one mount of a widget. */
  createHost(manifest: WidgetManifest): WidgetHost;
}

/** Detail of `sb-widget-settled`. */
export interface WidgetSettledDetail {
  /** Registry name of the widget. */
  widget: string;
  /** Mounted (true) or failed (false). */
  ok: boolean;
  /** True the first time this frame settles; a Retry settles it again. */
  first: boolean;
}

/** Error details can be whole stack-like texts from the federation runtime; the tile shows the start. */
const MAX_DETAIL = 240;
const shorten = (text: string) => (text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text);

/**
 * One widget on a page: a labelled region that loads the widget (manifest, remote, parcel) and
 * mounts it, or shows an error tile with Retry. A failure stays inside this frame.
 * @fires sb-widget-settled - detail WidgetSettledDetail: the widget mounted or failed
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
      section {
        display: flex;
        flex-direction: column;
        height: 100%;
        overflow: hidden;
      }
      h2 {
        padding: 0.7rem 1rem;
        border-bottom: 1px solid var(--sb-border);
        font-size: 0.95rem;
        letter-spacing: 0.01em;
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

  /** The layout entry to load. */
  @property({ attribute: false }) entry?: LayoutEntry;
  /** The agent's language, for the title and messages. */
  @property() locale: Locale = 'en';
  /** Loader, context readiness and host factory of the page. */
  @property({ attribute: false }) runtime?: WidgetFrameRuntime;
  /** Load timeout in milliseconds. */
  @property({ type: Number }) timeoutMs = WIDGET_LOAD_TIMEOUT_MS;

  @state() private _status: 'loading' | 'mounted' | 'failed' = 'loading';
  @state() private _manifest?: WidgetManifest;
  @state() private _error?: WidgetLoadError;
  @state() private _mountPoint = this._newMountPoint();

  /** Bumped by every start and teardown, so a late result of an abandoned attempt is dropped. */
  private _attempt = 0;
  private _parcel?: Parcel;
  private _host?: WidgetHost;
  private _settledOnce = false;

  /** The widget's title in the agent's language (its registry name until the manifest is known). */
  get widgetTitle(): string {
    return this._manifest?.title[this.locale] ?? this.entry?.widget ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this._status !== 'mounted') void this._start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._attempt += 1;
    this._teardown();
  }

  protected override firstUpdated(): void {
    void this._start();
  }

  override render() {
    const t = translate(this.locale);
    const title = this.widgetTitle;
    return html`
      <section class="card" role="region" aria-label=${title} aria-busy=${this._status === 'loading' ? 'true' : 'false'}>
        <h2>${title}</h2>
        <div class="body">
          ${this._status === 'loading' ? html`<p class="loading muted" role="status">${t('widget.loading', { title })}</p>` : nothing}
          ${this._status === 'failed' ? this._renderError(title) : nothing}
          <div ?hidden=${this._status === 'failed'}>${this._mountPoint}</div>
        </div>
      </section>
    `;
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
        ${this._manifest?.mandatory ? html`<p>${t('widget.required')}</p>` : nothing}
        <button type="button" @click=${() => void this._start()}>${t('common.retry')}</button>
      </div>
    `;
  }

  private _newMountPoint(): HTMLDivElement {
    const div = document.createElement('div');
    div.className = 'mount';
    return div;
  }

  private async _start(): Promise<void> {
    const { entry, runtime } = this;
    if (!entry || !runtime) return;
    const attempt = ++this._attempt;
    this._teardown();
    this._mountPoint = this._newMountPoint();
    this._status = 'loading';
    this._error = undefined;
    try {
      const seconds = Math.round(this.timeoutMs / 1000);
      await withTimeout(
        this._loadAndMount(attempt, entry, runtime),
        this.timeoutMs,
        () => new WidgetLoadError('timeout', `Not loaded within ${seconds} s`, { seconds }),
      );
      if (attempt !== this._attempt) return;
      this._status = 'mounted';
      performance.mark(`sb:widget-ready:${entry.widget}`);
      this._settled(true);
    } catch (error) {
      if (attempt !== this._attempt) return;
      this._attempt += 1;
      const failure = WidgetLoadError.wrap(error, 'mount');
      if (failure.kind === 'timeout' && this._manifest) runtime.loader.forget(this._manifest);
      if (failure.manifest) this._manifest = failure.manifest;
      this._teardown();
      this._error = failure;
      this._status = 'failed';
      console.error(`Widget ${entry.widget} could not be loaded`, error);
      this._settled(false);
    }
  }

  private async _loadAndMount(attempt: number, entry: LayoutEntry, runtime: WidgetFrameRuntime): Promise<void> {
    const manifest = await runtime.loader.loadManifest(entry);
    if (attempt !== this._attempt) return;
    this._manifest = manifest;
    const config = await runtime.loader.loadParcel(manifest, entry);
    await runtime.ready;
    if (attempt !== this._attempt) return;
    const host = runtime.createHost(manifest);
    this._host = host;
    const parcel = mountRootParcel(config, {
      domElement: this._mountPoint,
      host: host.host,
      settings: entry.settings ?? {},
    });
    this._parcel = parcel;
    try {
      await parcel.mountPromise;
    } catch (error) {
      throw WidgetLoadError.wrap(error, 'mount');
    }
  }

  /** Unmounts the current parcel (once its mount has finished) and drops its host subscriptions. */
  private _teardown(): void {
    const parcel = this._parcel;
    this._parcel = undefined;
    this._host?.dispose();
    this._host = undefined;
    if (!parcel) return;
    parcel.mountPromise
      .then(() => (parcel.getStatus() === 'MOUNTED' ? parcel.unmount() : null))
      .catch(() => undefined);
  }

  private _settled(ok: boolean): void {
    const first = !this._settledOnce;
    this._settledOnce = true;
    const detail: WidgetSettledDetail = { widget: this.entry?.widget ?? '', ok, first };
    this.dispatchEvent(new CustomEvent('sb-widget-settled', { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-widget-frame': SbWidgetFrame;
  }
}
