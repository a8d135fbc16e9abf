import type { PageWidget, WidgetManifest } from '@switchboard/contracts';
import { ticketsManifest } from './tickets-manifest.fixture';

/** A widget of a page composition as the registry answers it, for the shell's unit tests. */
export function pageWidget(manifest: WidgetManifest = ticketsManifest, overrides: Partial<PageWidget> = {}): PageWidget {
  return {
    widget: manifest.name,
    hidden: false,
    mandatory: manifest.mandatory,
    settings: {},
    channel: 'active',
    version: manifest.version,
    manifest,
    entryUrl: `http://cdn.test/registry/assets/${manifest.name}/${manifest.version}/remoteEntry.js`,
    integrity: 'sha384-published',
    ...overrides,
  };
}

/** A manifest of an optional widget, with a title per locale. */
export function optionalManifest(name: string, title: string): WidgetManifest {
  return {
    ...ticketsManifest,
    name,
    federationName: `switchboard_${name.replace(/-/g, '_')}`,
    mandatory: false,
    service: undefined,
    title: { en: title, cs: title },
  };
}
