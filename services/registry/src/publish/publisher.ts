import type { PublishedVersion } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WidgetVersionRecord } from '../entities';
import { adminRequired, versionExists } from '../errors';
import { toPublishedVersion } from '../widgets/published-version';
import type { ExpectedBuild } from './build-manifests';
import { fetchBuild, type FetchLimits } from './fetch-build';
import { readStoredBuild } from './read-build';
import { storeBuildFiles, type BuildLimits, type IncomingFile } from './store-build';

/** Publishes immutable versions, from uploaded files or from a URL; admins only. */
export interface Publisher {
  /** Stores the files of a build and records the version (`source: upload`), published by the caller. */
  upload(caller: Caller, expected: ExpectedBuild, files: AsyncIterable<IncomingFile>): Promise<PublishedVersion>;
  /** Fetches a build served elsewhere by its widget.json URL and records it (`source: url`). */
  register(caller: Caller, expected: ExpectedBuild, manifestUrl: string): Promise<PublishedVersion>;
}

/** What publishing is limited by, and where stored files are served from. */
export interface PublisherOptions {
  /** Size limits of an upload. */
  buildLimits: BuildLimits;
  /** Limits of fetching a build registered by URL. */
  fetchLimits: FetchLimits;
  /** Public URL under which browsers fetch `/assets/...`. */
  assetBaseUrl: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Publishes widget versions. */
    publisher: Publisher;
  }
}

/**
 * Creates the publisher. A version that exists is refused before any work; two publishes of
 * the same new version racing each other are settled by the primary key (one 201, one 409).
 */
export function createPublisher(app: FastifyInstance, options: PublisherOptions): Publisher {
  const { versionsRepository, buildStore } = app;
  const refuse = async (caller: Caller, { name, version }: ExpectedBuild) => {
    if (!caller.isAdmin) throw adminRequired();
    if (await versionsRepository.exists(name, version)) throw versionExists(name, version);
  };
  const published = (record: WidgetVersionRecord) => toPublishedVersion(record, options.assetBaseUrl);
  return {
    async upload(caller, expected, files) {
      await refuse(caller, expected);
      const stored = await storeBuildFiles(files, buildStore, options.buildLimits);
      const build = await readStoredBuild(stored, buildStore, expected);
      const record = await versionsRepository.insert(
        {
          ...expected,
          manifest: build.manifest,
          source: 'upload',
          entryPath: build.entryPath,
          entryUrl: null,
          integrity: build.integrity,
          publishedBy: caller.sub,
        },
        stored,
      );
      return published(record);
    },

    async register(caller, expected, manifestUrl) {
      await refuse(caller, expected);
      const build = await fetchBuild(manifestUrl, expected, options.fetchLimits);
      const record = await versionsRepository.insert({
        ...expected,
        manifest: build.manifest,
        source: 'url',
        entryPath: null,
        entryUrl: build.entryUrl,
        integrity: build.integrity,
        publishedBy: caller.sub,
      });
      return published(record);
    },
  };
}

/** Decorates `app.publisher`. */
export const publisherPlugin = fp(
  async (app: FastifyInstance, options: PublisherOptions) => {
    app.decorate('publisher', createPublisher(app, options));
  },
  { name: 'publisher', dependencies: ['versions-repository', 'build-store'] },
);
