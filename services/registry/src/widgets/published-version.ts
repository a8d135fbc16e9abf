import type { PublishedVersion } from '@switchboard/contracts';
import type { WidgetVersionRecord } from '../entities';

/** Public URL of a stored file of a version, under the registry's asset base URL. */
export function assetUrl(assetBaseUrl: string, name: string, version: string, path: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `${assetBaseUrl.replace(/\/+$/, '')}/assets/${name}/${version}/${encoded}`;
}

/** Absolute URL of a version's remote entry: stored uploads follow the current asset base URL. */
export function entryUrlOf(record: WidgetVersionRecord, assetBaseUrl: string): string {
  return record.entryUrl ?? assetUrl(assetBaseUrl, record.name, record.version, record.entryPath ?? '');
}

/** A version row as the API shows it. */
export function toPublishedVersion(record: WidgetVersionRecord, assetBaseUrl: string): PublishedVersion {
  return {
    name: record.name,
    version: record.version,
    manifest: record.manifest,
    entryUrl: entryUrlOf(record, assetBaseUrl),
    integrity: record.integrity,
    source: record.source,
    publishedAt: new Date(record.publishedAt).toISOString(),
    publishedBy: record.publishedBy,
    failures: {
      count: record.failureCount,
      lastReason: record.failureLastReason ?? null,
      lastAt: record.failureLastAt ? new Date(record.failureLastAt).toISOString() : null,
    },
    approvedConnect: record.approvedConnect ?? [],
  };
}
