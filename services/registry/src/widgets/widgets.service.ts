import type { Canary, WidgetList, WidgetSummary } from '@switchboard/contracts';
import type { WidgetVersionRecord } from '../entities';
import { versionNotFound, widgetNotFound } from '../errors';
import { toPublishedVersion } from './published-version';
import type { Release, ReleasesRepository } from './releases.repository';
import type { VersionsRepository } from './versions.repository';

/** Widgets as ops see them, and the commands that move their pointers. */
export interface WidgetsService {
  /** Every widget with its versions and its release in the environment, by name. */
  list(environment: string): Promise<WidgetList>;
  /** One widget; 404 WIDGET_NOT_FOUND when nothing was published under the name. */
  summary(name: string, environment: string): Promise<WidgetSummary>;
  /** Makes a published version active; 404 for an unknown widget or version. */
  activate(name: string, environment: string, version: string): Promise<WidgetSummary>;
  /** Returns to the previously active version; 409 NO_PREVIOUS_VERSION when there is none. */
  rollback(name: string, environment: string): Promise<WidgetSummary>;
  /** Sets the canary to a published version, or clears it with null. */
  setCanary(name: string, environment: string, canary: Canary | null): Promise<WidgetSummary>;
}

/** What the widgets service needs. */
export interface WidgetsDeps {
  versions: VersionsRepository;
  releases: ReleasesRepository;
  assetBaseUrl: string;
}

/** Creates the service over the repositories. */
export function createWidgetsService(deps: WidgetsDeps): WidgetsService {
  const toSummary = (release: Release, versions: WidgetVersionRecord[]): WidgetSummary => ({
    name: release.name,
    environment: release.environment,
    active: release.active,
    history: release.history,
    canary: release.canary,
    versions: versions.map((v) => toPublishedVersion(v, deps.assetBaseUrl)),
  });

  const versionsOf = async (name: string) => {
    const versions = await deps.versions.ofWidget(name);
    if (versions.length === 0) throw widgetNotFound(name);
    return versions;
  };

  const summary = async (name: string, environment: string) => {
    const versions = await versionsOf(name);
    return toSummary(await deps.releases.get(name, environment), versions);
  };

  const requireVersion = async (name: string, version: string) => {
    const versions = await versionsOf(name);
    if (!versions.some((v) => v.version === version)) throw versionNotFound(name, version);
    return versions;
  };

  return {
    async list(environment) {
      const versions = await deps.versions.all();
      const releases = new Map((await deps.releases.all(environment)).map((r) => [r.name, r]));
      const names = [...new Set(versions.map((v) => v.name))].sort();
      const empty = (name: string): Release => ({ name, environment, active: null, history: [], canary: null });
      return {
        items: names.map((name) => toSummary(releases.get(name) ?? empty(name), versions.filter((v) => v.name === name))),
      };
    },

    summary,

    async activate(name, environment, version) {
      const versions = await requireVersion(name, version);
      return toSummary(await deps.releases.activate(name, environment, version), versions);
    },

    async rollback(name, environment) {
      const versions = await versionsOf(name);
      return toSummary(await deps.releases.rollback(name, environment), versions);
    },

    async setCanary(name, environment, canary) {
      const versions = canary ? await requireVersion(name, canary.version) : await versionsOf(name);
      return toSummary(await deps.releases.setCanary(name, environment, canary), versions);
    },
  };
}
