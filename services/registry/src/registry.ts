import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { BlobStore } from '@switchboard/service-kit';
import { createLayoutsRepository, type LayoutsRepository } from './pages/layouts.repository';
import { createPagesService, type PagesService } from './pages/pages.service';
import type { FetchLimits } from './publish/fetch-build';
import { createPublisher, type Publisher } from './publish/publisher';
import type { BuildLimits } from './publish/store-build';
import { createReleasesRepository, type ReleasesRepository } from './widgets/releases.repository';
import { createVersionsRepository, type VersionsRepository } from './widgets/versions.repository';
import { createWidgetsService, type WidgetsService } from './widgets/widgets.service';

/** Settings every part of the registry shares. */
export interface RegistryConfig {
  /** Environment used when a request names none. */
  environment: string;
  /** Public URL under which browsers fetch `/assets/...`. */
  assetBaseUrl: string;
  /** Where uploaded build files are kept. */
  store: BlobStore;
  /** Size limits of an upload. */
  buildLimits: BuildLimits;
  /** Limits of fetching a build registered by URL. */
  fetchLimits: FetchLimits;
}

/** The registry's repositories and services over one EntityManager. */
export interface Registry {
  config: RegistryConfig;
  versions: VersionsRepository;
  releases: ReleasesRepository;
  layouts: LayoutsRepository;
  publisher: Publisher;
  widgets: WidgetsService;
  pages: PagesService;
}

/** Wires the registry over an EntityManager: the request-scoped one, or a fork for seeding. */
export function createRegistry(em: EntityManager, config: RegistryConfig): Registry {
  const versions = createVersionsRepository(em);
  const releases = createReleasesRepository(em);
  const layouts = createLayoutsRepository(em);
  const { environment, assetBaseUrl, store } = config;
  return {
    config,
    versions,
    releases,
    layouts,
    publisher: createPublisher({ versions, store, limits: config.buildLimits, fetchLimits: config.fetchLimits }),
    widgets: createWidgetsService({ versions, releases, assetBaseUrl }),
    pages: createPagesService({ layouts, releases, versions, environment, assetBaseUrl }),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The registry, bound to the request's EntityManager. */
    registry: Registry;
  }
}

/** Decorates `app.registry` over `app.orm.em`, which every request forks. */
export const registryPlugin = fp(
  async (app: FastifyInstance, config: RegistryConfig) => {
    app.decorate('registry', createRegistry(app.orm.em, config));
  },
  { name: 'registry', dependencies: ['switchboard-orm'] },
);
