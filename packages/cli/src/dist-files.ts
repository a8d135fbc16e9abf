import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { WidgetNameSchema, WidgetVersionSchema } from '@switchboard/contracts';
import { CliError } from './errors';

/** One file of a widget build. */
export interface DistFile {
  /** Path relative to dist/, with `/` separators, e.g. `widget.json` or `chunks/a1b2.js`. */
  path: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** A built widget: who it is (from its widget.json) and every file to upload. */
export interface WidgetBuild {
  name: string;
  version: string;
  files: DistFile[];
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listFiles(join(dir, entry.name), path);
      return entry.isFile() ? [path] : [];
    });
}

/** The name and version a widget.json declares, checked against the registry's patterns; a development build is refused. */
export function manifestIdentity(manifest: unknown, source: string): { name: string; version: string } {
  const { name, version, development } = (manifest ?? {}) as { name?: unknown; version?: unknown; development?: unknown };
  if (!Value.Check(WidgetNameSchema, name)) throw new CliError(`${source} has no valid "name"`);
  if (!Value.Check(WidgetVersionSchema, version)) throw new CliError(`${source} has no valid "version"`);
  if (development === true) {
    throw new CliError(
      `${source} is a development build (webpack --mode development, as npm run dev makes): a published version is immutable, ` +
        'so publish a release build. Run "npm run build" (webpack --mode production) and publish dist/ again',
    );
  }
  return { name, version };
}

/** Reads the widget.json of a built widget folder. */
export function readDistManifest(dir: string): { name: string; version: string } {
  const path = join(dir, 'widget.json');
  if (!existsSync(path)) throw new CliError(`${path} not found: is ${dir} the dist folder of a built widget?`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${(error as Error).message}`);
  }
  return manifestIdentity(manifest, path);
}

/** Every file under a widget's dist folder, with its name and version from widget.json. */
export function readWidgetBuild(dir: string): WidgetBuild {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder`);
  const identity = readDistManifest(dir);
  const files = listFiles(dir).map((path) => ({ path, bytes: new Uint8Array(readFileSync(join(dir, ...path.split('/')))) }));
  return { ...identity, files };
}
