import { randomBytes } from 'node:crypto';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { REPO_ROOT } from '../../infra/src/paths';
import { buildWidget } from './commands';

/** A widget package built by a test inside the repository (so the workspace packages resolve). */
export interface TempWidgetBuild {
  /** The package folder, under examples/. */
  dir: string;
  /** Its built dist/. */
  dist: string;
  /** Deletes the package folder. */
  remove(): Promise<void>;
}

/** A fresh folder name under examples/, e.g. `examples/e2e-order-lookup-1a2b3c4d`. */
export function tempExampleDir(prefix: string): string {
  return join(REPO_ROOT, 'examples', `${prefix}-${randomBytes(4).toString('hex')}`);
}

/** One text edit of a source file: `file` relative to the package, `from` must occur in it. */
export interface SourceEdit {
  file: string;
  from: string;
  to: string;
}

/**
 * Copies a widget package (its sources and build config, without tests, dist or node_modules) to
 * a temporary folder under examples/, gives it another `version` (and package name, so npm never
 * sees two workspaces of one name), applies the edits and builds it for real with webpack.
 */
export async function buildVariant(source: string, version: string, edits: SourceEdit[]): Promise<TempWidgetBuild> {
  const dir = tempExampleDir(`e2e-${basename(source)}`);
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await cp(source, dir, {
      recursive: true,
      filter: (path) => !/(^|\/)(dist|node_modules)(\/|$)/.test(path.slice(source.length)) && !path.endsWith('.test.ts'),
    });
    const packagePath = join(dir, 'package.json');
    const pkg = JSON.parse(await readFile(packagePath, 'utf8')) as Record<string, unknown>;
    await writeFile(packagePath, JSON.stringify({ ...pkg, name: `${basename(dir)}-widget`, version }, null, 2));
    for (const edit of edits) {
      const path = join(dir, edit.file);
      const text = await readFile(path, 'utf8');
      if (!text.includes(edit.from)) throw new Error(`${edit.file} has no "${edit.from}"`);
      await writeFile(path, text.replace(edit.from, edit.to));
    }
    await buildWidget(dir);
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, dist: join(dir, 'dist'), remove };
}
