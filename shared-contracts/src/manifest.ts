import { Type, type Static } from '@sinclair/typebox';
import { type ServiceAudience, ServiceAudienceSchema } from './identity';

/**
 * An origin a widget calls besides the platform (its integrator's backend): `https://`, a host
 * name of lowercase labels and an optional port; no path, no wildcard, no plain http.
 */
export const CONNECT_ORIGIN_PATTERN = '^https://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[1-9][0-9]{0,4})?$';

/**
 * A setting of the widget's layout item that the layout editor offers, e.g. Page in page's
 * address: `{ key: 'url', kind: 'url', label: { en: 'Page address', cs: 'Adresa stránky' } }`. The
 * item stores the value under `key` in its `settings`; the widget reads it from there.
 */
export const ItemSettingSchema = Type.Object(
  {
    /** The key in the layout item's `settings`. */
    key: Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,31}$' }),
    /** `url`: an address (the field takes a URL); `text`: one line of text. */
    kind: Type.Union([Type.Literal('url'), Type.Literal('text')]),
    /** The field's label, per locale. */
    label: Type.Object(
      { en: Type.String({ minLength: 1, maxLength: 80 }), cs: Type.String({ minLength: 1, maxLength: 80 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ItemSetting = Static<typeof ItemSettingSchema>;

/** At most this many settings per widget: the edit bar shows a field for each. */
export const MAX_ITEM_SETTINGS = 8;

/** The keys a manifest's settings declare more than once (each key is one value of the item). */
export function repeatedSettingKeys(settings: readonly ItemSetting[]): string[] {
  const keys = settings.map((s) => s.key);
  return [...new Set(keys.filter((key, i) => keys.indexOf(key) !== i))];
}

/** `widget.json`: what a widget build publishes beside its Module Federation manifest. */
export const WidgetManifestSchema = Type.Object(
  {
    /** Registry name, e.g. `tickets`. */
    name: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' }),
    /** Semver of this build. */
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' }),
    /** Module Federation container name (a JS identifier). */
    federationName: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
    /** URL of the Module Federation manifest, relative to this file or absolute. */
    entry: Type.String(),
    /** Exposed module that default-exports the parcel config, e.g. `./widget`. */
    exposedModule: Type.String({ pattern: '^\\./' }),
    /** Email and Tickets are mandatory on the email detail page. */
    mandatory: Type.Boolean(),
    /** Host contract version the widget was built against. */
    hostContract: Type.String(),
    /** The service the widget calls; its tokens carry this audience. */
    service: Type.Optional(ServiceAudienceSchema),
    /**
     * Further services the widget may call (with `service`, the audiences it may get tokens for),
     * e.g. `['mail', 'templates']`; the host refuses tokens for any other audience.
     */
    services: Type.Optional(Type.Array(ServiceAudienceSchema, { maxItems: 8, uniqueItems: true })),
    /**
     * Origins the widget calls itself, e.g. `['https://orders.example']`: the sandbox's
     * `connect-src` lists exactly these beside its own folder and services.
     */
    connect: Type.Optional(Type.Array(Type.String({ pattern: CONNECT_ORIGIN_PATTERN, maxLength: 253 }), { maxItems: 8, uniqueItems: true })),
    /**
     * Third-party code the platform does not vouch for: it runs in a sandboxed iframe
     * (scripts only, an opaque origin) and reaches the host through the postMessage bridge.
     */
    untrusted: Type.Optional(Type.Boolean()),
    /** Platform events the widget may emit on the host's bus; anything else is dropped. */
    emits: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    /** Platform events the widget receives; it is not told about others. */
    listens: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    /**
     * Set by the SDK's webpack preset on a build made in development mode (`npm run dev`): Lit in
     * dev mode, unminified. The CLI and the registry refuse to publish such a build.
     */
    development: Type.Optional(Type.Boolean()),
    /** Settings of the widget's layout item the layout editor offers (keys unique: the registry checks). */
    settings: Type.Optional(Type.Array(ItemSettingSchema, { maxItems: MAX_ITEM_SETTINGS })),
    /** Title shown on the widget's frame, per locale. */
    title: Type.Object({ en: Type.String(), cs: Type.String() }),
  },
  { $id: 'WidgetManifest' },
);
export type WidgetManifest = Static<typeof WidgetManifestSchema>;

/** The audiences a widget may get tokens for: `service` first, then `services`, each once. */
export function declaredServices(manifest: Pick<WidgetManifest, 'service' | 'services'>): ServiceAudience[] {
  return [...new Set([...(manifest.service ? [manifest.service] : []), ...(manifest.services ?? [])])];
}
