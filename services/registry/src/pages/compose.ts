import { MANDATORY_WIDGETS, type LayoutItem, type LayoutPage, type PageComposition, type PageWidget } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { WidgetVersionRecord } from '../entities';
import { pageManifest } from '../widgets/connect-approval';
import { entryUrlOf } from '../widgets/published-version';
import type { Release } from '../widgets/releases.repository';
import type { VersionKey } from '../widgets/versions.repository';
import { inCanary } from './canary';

/** The layout a composition starts from. */
export interface ChosenLayout {
  source: PageComposition['layoutSource'];
  items: LayoutItem[];
  /** Version of the row the caller edits; 0 when it does not exist yet. */
  editedVersion: number;
}

/** Everything a composition is computed from; no I/O happens in here. */
export interface ComposeInput {
  page: LayoutPage;
  environment: string;
  caller: Pick<Caller, 'sub' | 'teams'>;
  layout: ChosenLayout;
  /** Releases of the environment by widget name. */
  releases: Map<string, Release>;
  /** The versions `versionsToLoad` asked for that exist. */
  versions: WidgetVersionRecord[];
  assetBaseUrl: string;
}

const MANDATORY = new Set<string>(MANDATORY_WIDGETS);

/** Widgets every email detail page shows: never removed, never hidden. */
export const isMandatory = (widget: string) => MANDATORY.has(widget);

const keyOf = (name: string, version: string) => `${name}@${version}`;

/** The layout's items followed by every active widget it leaves out, hidden, in name order. */
function withUnplaced(items: LayoutItem[], releases: Map<string, Release>): LayoutItem[] {
  const placed = new Set(items.map((item) => item.widget));
  const unplaced = [...releases.values()]
    .filter((release) => release.active && !placed.has(release.name))
    .map((release) => release.name)
    .sort()
    .map((widget): LayoutItem => ({ widget, hidden: true }));
  return [...items, ...unplaced];
}

/** The versions a composition may need: pins, canary candidates and active versions. */
export function versionsToLoad(items: LayoutItem[], releases: Map<string, Release>): VersionKey[] {
  const keys = new Map<string, VersionKey>();
  const add = (name: string, version: string | null | undefined) => {
    if (version) keys.set(keyOf(name, version), { name, version });
  };
  for (const item of items) add(item.widget, item.version);
  for (const release of releases.values()) {
    add(release.name, release.active);
    add(release.name, release.canary?.version);
  }
  return [...keys.values()];
}

/**
 * Which version of a widget the caller gets: a pin that exists, else the canary candidate when
 * the caller is in the canary, else the active version; null (left off the page) when none.
 */
export function chooseVersion(
  item: LayoutItem,
  release: Release | undefined,
  caller: ComposeInput['caller'],
  exists: (version: string) => boolean,
): { channel: PageWidget['channel']; version: string } | null {
  if (item.version && exists(item.version)) return { channel: 'pinned', version: item.version };
  if (!release?.active) return null;
  const canary = release.canary;
  if (canary && exists(canary.version) && inCanary(canary, item.widget, caller)) return { channel: 'canary', version: canary.version };
  return { channel: 'active', version: release.active };
}

/** Computes what the shell loads: every placed widget with the version this caller gets. */
export function compose(input: ComposeInput): PageComposition {
  const byKey = new Map(input.versions.map((v) => [keyOf(v.name, v.version), v]));
  const widgets: PageWidget[] = [];
  for (const item of withUnplaced(input.layout.items, input.releases)) {
    const choice = chooseVersion(item, input.releases.get(item.widget), input.caller, (v) => byKey.has(keyOf(item.widget, v)));
    const record = choice && byKey.get(keyOf(item.widget, choice.version));
    if (!choice || !record) continue;
    const mandatory = isMandatory(item.widget);
    widgets.push({
      widget: item.widget,
      hidden: !mandatory && item.hidden === true,
      mandatory,
      settings: item.settings ?? {},
      ...(item.region ? { region: item.region } : {}),
      ...(item.collapsed ? { collapsed: true } : {}),
      channel: choice.channel,
      version: choice.version,
      manifest: pageManifest(record),
      entryUrl: entryUrlOf(record, input.assetBaseUrl),
      integrity: record.integrity,
    });
  }
  return {
    page: input.page,
    layoutVersion: input.layout.editedVersion,
    layoutSource: input.layout.source,
    environment: input.environment,
    widgets,
  };
}
