import type { HostApi, Locale, WidgetContext } from '@switchboard/contracts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Catalog, Translate } from './i18n';
import { createTranslator } from './i18n';

/**
 * Hands a Lit widget its host context and translations, and re-renders it when the context or
 * the agent's language changes. Create it in the element's constructor; set `host` before the
 * element connects (the parcel helper does).
 */
export class HostController<K extends string> implements ReactiveController {
  private readonly translator: (locale: Locale) => Translate<K>;
  private unsubscribe: Array<() => void> = [];
  private api?: HostApi;
  private ctx?: WidgetContext;

  constructor(
    private readonly element: ReactiveControllerHost & { host?: HostApi },
    catalog: Catalog<K>,
  ) {
    this.translator = createTranslator(catalog);
    element.addController(this);
  }

  /** The host API; throws when the widget is used outside a shell. */
  get host(): HostApi {
    if (!this.api) throw new Error('Widget is not mounted by a Switchboard host');
    return this.api;
  }

  /** The current page context. */
  get context(): WidgetContext {
    return this.ctx ?? this.host.context();
  }

  /** The agent's language. */
  get locale(): Locale {
    return this.context.user.locale;
  }

  /** Translates a message of this widget's catalog into the agent's language. */
  readonly t: Translate<K> = (key, params) => this.translator(this.locale)(key, params);

  hostConnected(): void {
    this.api = this.element.host;
    if (!this.api) return;
    this.ctx = this.api.context();
    this.unsubscribe = [
      this.api.on('context.changed', (ctx) => {
        this.ctx = ctx;
        this.element.requestUpdate();
      }),
      this.api.on('locale.changed', () => {
        this.ctx = this.api?.context();
        this.element.requestUpdate();
      }),
    ];
  }

  hostDisconnected(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }
}
