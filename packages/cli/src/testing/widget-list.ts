import type { PageComposition, PublishedVersion, WidgetList, WidgetManifest } from '@switchboard/contracts';

/** A published version as the registry lists it, with `failures` reported load failures and `manifest` fields changed. */
export function publishedVersion(
  name: string,
  version: string,
  failures: Partial<PublishedVersion['failures']> = {},
  manifest: Partial<WidgetManifest> = {},
): PublishedVersion {
  return {
    name,
    version,
    manifest: {
      name,
      version,
      federationName: `switchboard_${name.replace(/-/g, '_')}`,
      entry: 'mf-manifest.json',
      exposedModule: './widget',
      mandatory: false,
      hostContract: '1.0.0',
      title: { en: name, cs: name },
      ...manifest,
    },
    entryUrl: `http://127.0.0.1:8081/registry/${name}/${version}/remoteEntry.js`,
    integrity: 'sha384-AAAA',
    source: 'upload',
    publishedAt: '2026-01-10T09:00:00.000Z',
    publishedBy: '00000000-0000-4000-8000-000000000002',
    failures: { count: 0, lastReason: null, lastAt: null, ...failures },
  };
}

/** Two widgets in production: tickets with a canary and a failing candidate, order-lookup idle. */
export const SAMPLE_LIST: WidgetList = {
  items: [
    {
      name: 'tickets',
      environment: 'production',
      active: '1.2.0',
      history: ['1.1.0'],
      canary: { version: '1.3.0', percent: 10, teams: ['00000000-0000-4000-8000-000000000101'] },
      placedOn: { default: true, teams: ['00000000-0000-4000-8000-000000000101'] },
      versions: [
        publishedVersion('tickets', '1.3.0', { count: 2, lastReason: 'Timed out loading remoteEntry.js', lastAt: '2026-01-12T08:30:00.000Z' }),
        publishedVersion('tickets', '1.2.0', {}, { service: 'tickets', services: ['crm'] }),
        publishedVersion('tickets', '1.1.0', { count: 1, lastReason: null, lastAt: '2026-01-02T10:00:00.000Z' }),
      ],
    },
    {
      name: 'order-lookup',
      environment: 'production',
      active: null,
      history: [],
      canary: null,
      placedOn: { default: false, teams: [] },
      versions: [publishedVersion('order-lookup', '0.1.0')],
    },
  ],
};

/** A layout as the registry composes it: `[name, hidden]` per widget, in order, at `layoutVersion`. */
export function composition(widgets: Array<[string, boolean]>, layoutVersion = 1): PageComposition {
  return {
    page: 'email-detail',
    layoutVersion,
    layoutSource: 'default',
    environment: 'production',
    widgets: widgets.map(([name, hidden]) => {
      const { manifest, entryUrl, integrity, version } = publishedVersion(name, '1.0.0');
      return { widget: name, hidden, mandatory: false, settings: {}, channel: 'active', version, manifest, entryUrl, integrity };
    }),
  };
}
