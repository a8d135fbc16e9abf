import type { BlobStore } from '@switchboard/service-kit';
import type { WidgetVersionRecord } from '../entities';
import { versionExists } from '../errors';
import type { VersionsRepository } from '../widgets/versions.repository';
import type { ExpectedBuild } from './build-manifests';
import { fetchBuild, type FetchLimits } from './fetch-build';
import { readStoredBuild } from './read-build';
import { storeBuildFiles, type BuildLimits, type IncomingFile } from './store-build';

/** Publishes immutable versions, from uploaded files or from a URL. */
export interface Publisher {
  /** Stores the files of a build and records the version (`source: upload`). */
  upload(expected: ExpectedBuild, files: AsyncIterable<IncomingFile>, publishedBy: string): Promise<WidgetVersionRecord>;
  /** Fetches a build served elsewhere by its widget.json URL and records it (`source: url`). */
  register(expected: ExpectedBuild, manifestUrl: string, publishedBy: string): Promise<WidgetVersionRecord>;
}

/** What publishing needs. */
export interface PublisherDeps {
  versions: VersionsRepository;
  store: BlobStore;
  limits: BuildLimits;
  fetchLimits: FetchLimits;
}

/**
 * Creates the publisher. A version that exists is refused before any work; two publishes of
 * the same new version racing each other are settled by the primary key (one 201, one 409).
 */
export function createPublisher(deps: PublisherDeps): Publisher {
  const refuseExisting = async ({ name, version }: ExpectedBuild) => {
    if (await deps.versions.exists(name, version)) throw versionExists(name, version);
  };
  return {
    async upload(expected, files, publishedBy) {
      await refuseExisting(expected);
      const stored = await storeBuildFiles(files, deps.store, deps.limits);
      const build = await readStoredBuild(stored, deps.store, expected);
      return deps.versions.insert(
        { ...expected, manifest: build.manifest, source: 'upload', entryPath: build.entryPath, entryUrl: null, integrity: build.integrity, publishedBy },
        stored,
      );
    },

    async register(expected, manifestUrl, publishedBy) {
      await refuseExisting(expected);
      const build = await fetchBuild(manifestUrl, expected, deps.fetchLimits);
      return deps.versions.insert({
        ...expected,
        manifest: build.manifest,
        source: 'url',
        entryPath: null,
        entryUrl: build.entryUrl,
        integrity: build.integrity,
        publishedBy,
      });
    },
  };
}
