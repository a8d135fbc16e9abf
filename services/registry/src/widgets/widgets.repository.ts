import type { Canary, LoadFailureBody, WidgetList, WidgetSummary } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WidgetVersionRecord } from '../entities';
import { adminRequired, versionNotFound, widgetNotFound } from '../errors';
import type { RegistrySettings } from '../settings';
import { placements } from './placements';
import { toPublishedVersion } from './published-version';
import type { Release } from './releases.repository';

/**
 * Widgets as ops see them, and the commands that move their pointers (admins only); load
 * failures the shells report (anyone signed in). `environment` defaults to the registry's own.
 */
export interface WidgetsRepository {
  /** Every widget with its versions, its release in the environment and where it is placed, by name. */
  list(caller: Caller, environment?: string): Promise<WidgetList>;
  /** One widget; 404 WIDGET_NOT_FOUND when nothing was published under the name. */
  summary(caller: Caller, name: string, environment?: string): Promise<WidgetSummary>;
  /** Makes a published version active; 404 for an unknown widget or version. */
  activate(caller: Caller, name: string, version: string, environment?: string): Promise<WidgetSummary>;
  /** Returns to the previously active version; 409 NO_PREVIOUS_VERSION when there is none. */
  rollback(caller: Caller, name: string, environment?: string): Promise<WidgetSummary>;
  /** Sets the canary to a published version, or clears it with null. */
  setCanary(caller: Caller, name: string, canary: Canary | null, environment?: string): Promise<WidgetSummary>;
  /** Counts a load failure of a version, keeping `"<kind>: <reason>"`; 404 VERSION_NOT_FOUND. */
  reportFailure(name: string, version: string, failure: LoadFailureBody): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Widgets, their versions and releases as the API shows them. */
    widgetsRepository: WidgetsRepository;
  }
}

/** Creates the repository over the versions and releases repositories. */
export function createWidgetsRepository(app: FastifyInstance, settings: RegistrySettings): WidgetsRepository {
  const { versionsRepository, releasesRepository } = app;

  const requireAdmin = (caller: Caller) => {
    if (!caller.isAdmin) throw adminRequired();
  };

  const toSummary = (release: Release, versions: WidgetVersionRecord[]): WidgetSummary => ({
    name: release.name,
    environment: release.environment,
    active: release.active,
    history: release.history,
    canary: release.canary,
    versions: versions.map((v) => toPublishedVersion(v, settings.assetBaseUrl)),
  });

  const versionsOf = async (name: string) => {
    const versions = await versionsRepository.ofWidget(name);
    if (versions.length === 0) throw widgetNotFound(name);
    return versions;
  };

  const requireVersion = async (name: string, version: string) => {
    const versions = await versionsOf(name);
    if (!versions.some((v) => v.version === version)) throw versionNotFound(name, version);
    return versions;
  };

  return {
    async list(caller, environment = settings.environment) {
      requireAdmin(caller);
      const versions = await versionsRepository.all();
      const releases = new Map((await releasesRepository.all(environment)).map((r) => [r.name, r]));
      const names = [...new Set(versions.map((v) => v.name))].sort();
      const empty = (name: string): Release => ({ name, environment, active: null, history: [], canary: null });
      const placed = await placements(app);
      return {
        items: names.map((name) => ({
          ...toSummary(releases.get(name) ?? empty(name), versions.filter((v) => v.name === name)),
          placedOn: placed.get(name) ?? { default: false, teams: [] },
        })),
      };
    },

    async summary(caller, name, environment = settings.environment) {
      requireAdmin(caller);
      const versions = await versionsOf(name);
      return toSummary(await releasesRepository.get(name, environment), versions);
    },

    async activate(caller, name, version, environment = settings.environment) {
      requireAdmin(caller);
      const versions = await requireVersion(name, version);
      return toSummary(await releasesRepository.activate(name, environment, version), versions);
    },

    async rollback(caller, name, environment = settings.environment) {
      requireAdmin(caller);
      const versions = await versionsOf(name);
      return toSummary(await releasesRepository.rollback(name, environment), versions);
    },

    async setCanary(caller, name, canary, environment = settings.environment) {
      requireAdmin(caller);
      const versions = canary ? await requireVersion(name, canary.version) : await versionsOf(name);
      return toSummary(await releasesRepository.setCanary(name, environment, canary), versions);
    },

    async reportFailure(name, version, { kind, reason }) {
      if (!(await versionsRepository.recordFailure(name, version, `${kind}: ${reason}`))) throw versionNotFound(name, version);
    },
  };
}

/** Decorates `app.widgetsRepository`. */
export const widgetsRepositoryPlugin = fp(
  async (app: FastifyInstance, settings: RegistrySettings) => {
    app.decorate('widgetsRepository', createWidgetsRepository(app, settings));
  },
  { name: 'widgets-repository', dependencies: ['versions-repository', 'releases-repository'] },
);
