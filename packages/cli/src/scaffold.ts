import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseWidgetName } from './args';
import { CliError } from './errors';

/** The widget package template: every file ends in `.tmpl`; `__name__` in a path is the name. */
export const TEMPLATE_DIR = join(__dirname, '..', 'templates', 'widget');

/** The values the template's `{{key}}` placeholders take for a widget name. */
export function templateValues(name: string): Record<string, string> {
  const words = name.split('-').filter(Boolean);
  const sentence = words.join(' ');
  return {
    name,
    tag: `${name}-widget`,
    className: `${words.map((word) => word[0].toUpperCase() + word.slice(1)).join('')}Widget`,
    title: sentence[0].toUpperCase() + sentence.slice(1),
  };
}

/** Fills `{{key}}` placeholders; a key the values lack is a bug in the template. */
export function fillTemplate(text: string, values: Record<string, string>, source: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    if (!Object.hasOwn(values, key)) throw new Error(`Template ${source} uses an unknown placeholder {{${key}}}`);
    return values[key];
  });
}

/**
 * Where a template file goes: `.tmpl` dropped, `__name__` filled in, and `gitignore` dotted
 * (npm pack would drop a `.gitignore` from the CLI's own package).
 */
function targetPath(source: string, name: string): string {
  return source.replace(/\.tmpl$/, '').replaceAll('__name__', name).replace(/(^|\/)gitignore$/, '$1.gitignore');
}

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? templateFiles(join(dir, entry.name), path) : entry.name.endsWith('.tmpl') ? [path] : [];
  });
}

/** The Switchboard repository holding `dir`, if any: its workspaces resolve the SDK. */
function findMonorepoRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, 'tsconfig.json')) && existsSync(join(current, 'packages', 'widget-sdk', 'package.json'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * tsconfig.json of the new widget: inside the Switchboard repository it extends the root one
 * (whose paths resolve the SDK and contracts to their sources); elsewhere it stands alone.
 */
function tsconfigFor(dir: string): object {
  const root = findMonorepoRoot(dir);
  if (root) return { extends: relative(dir, join(root, 'tsconfig.json')).split(sep).join('/'), include: ['src'] };
  return {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noEmit: true,
      isolatedModules: true,
      skipLibCheck: true,
      experimentalDecorators: true,
      useDefineForClassFields: false,
      types: ['jest'],
    },
    include: ['src'],
  };
}

/** Where the platform's registry serves the tarballs of its packages, under the gateway URL. */
export const SDK_TARBALL_PATH = '/api/registry/sdk';

/** The tarball name `npm pack` gives a package: `@switchboard/widget-sdk` 0.1.0 → `switchboard-widget-sdk-0.1.0.tgz`. */
export const tarballName = (name: string, version: string) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

/**
 * The generated package.json with every `@switchboard/*` dependency taken from the tarball the
 * platform at `platformUrl` serves, so `npm install` needs no registry that has them.
 */
function withPlatformPackages(packageJson: string, platformUrl: string): string {
  const pkg = JSON.parse(packageJson) as { dependencies: Record<string, string> };
  for (const [name, version] of Object.entries(pkg.dependencies)) {
    if (name.startsWith('@switchboard/')) pkg.dependencies[name] = `${platformUrl}${SDK_TARBALL_PATH}/${tarballName(name, version)}`;
  }
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * Writes a new widget package for `name` into `dir` (created if missing) and returns the paths
 * it wrote, relative to `dir`. Refuses an invalid name and a folder that holds anything. With
 * `packagesFrom` (a gateway URL), the platform's own packages come from the tarballs it serves.
 */
export function scaffoldWidget(name: string, dir: string, packagesFrom?: string): string[] {
  parseWidgetName(name);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new CliError(`${dir} already exists and is not empty: choose another --dir`);
  }
  const values = templateValues(name);
  const written: string[] = [];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    written.push(path);
  };
  for (const source of templateFiles(TEMPLATE_DIR)) {
    const text = readFileSync(join(TEMPLATE_DIR, source), 'utf8');
    const filled = fillTemplate(text, values, source);
    const path = targetPath(source, name);
    write(path, path === 'package.json' && packagesFrom ? withPlatformPackages(filled, packagesFrom) : filled);
  }
  write('tsconfig.json', `${JSON.stringify(tsconfigFor(dir), null, 2)}\n`);
  return written.sort();
}
