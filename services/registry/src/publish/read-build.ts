import type { WidgetManifest } from '@switchboard/contracts';
import { BlobTooLargeError, readBlob, type BlobStore } from '@switchboard/service-kit';
import { invalidBuild } from '../errors';
import { parseFederationManifest, parseWidgetManifest, type ExpectedBuild } from './build-manifests';
import { resolveBuildReference } from './build-path';
import { sha384Integrity } from './integrity';
import type { StoredBuild } from './store-build';

/** Largest widget.json or mf-manifest.json read into memory. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** What the registry records of an uploaded build. */
export interface UploadedBuild {
  manifest: WidgetManifest;
  /** The remote entry script among the stored files. */
  entryPath: string;
  /** `sha384-...` of the entry script. */
  integrity: string;
}

async function readManifestFile(build: StoredBuild, store: BlobStore, path: string, what: string): Promise<Buffer> {
  const blob = build.get(path);
  if (!blob) throw invalidBuild(`The build has no ${what} (${path})`);
  try {
    return await readBlob(store, blob.sha256, MAX_MANIFEST_BYTES);
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw invalidBuild(`${path} is larger than ${MAX_MANIFEST_BYTES} bytes`);
    throw error;
  }
}

/**
 * Checks a stored upload: widget.json valid and naming this version, the federation manifest
 * it names present, and the remote entry that manifest names present; hashes the entry.
 */
export async function readStoredBuild(build: StoredBuild, store: BlobStore, expected: ExpectedBuild): Promise<UploadedBuild> {
  const manifest = parseWidgetManifest(await readManifestFile(build, store, 'widget.json', 'widget.json'), expected);
  const federationPath = resolveBuildReference('widget.json', manifest.entry);
  if (!federationPath) throw invalidBuild(`widget.json entry "${manifest.entry}" must be a path inside the build`);
  const remote = parseFederationManifest(
    await readManifestFile(build, store, federationPath, 'Module Federation manifest'),
    federationPath,
  );
  if (remote.publicPath) throw invalidBuild(`${federationPath} must have publicPath "auto" to be served by the registry`);
  const entryPath = resolveBuildReference(federationPath, remote.relativePath);
  const entry = entryPath ? build.get(entryPath) : undefined;
  if (!entryPath || !entry) throw invalidBuild(`The build has no remote entry ${remote.relativePath}`);
  return { manifest, entryPath, integrity: await sha384Integrity(store.open(entry.sha256)) };
}
