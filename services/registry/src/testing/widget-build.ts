import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOST_CONTRACT_VERSION, type WidgetManifest } from '@switchboard/contracts';

/** One file of a fake build. */
export interface BuildFile {
  path: string;
  content: Buffer;
}

/** A fake widget build shaped like the widget-sdk preset's output. */
export interface WidgetBuild {
  name: string;
  version: string;
  files: BuildFile[];
  /** Path of the remote entry script. */
  entryPath: string;
  /** `sha384-...` of the entry script, computed here independently of the registry. */
  integrity: string;
}

/** What to vary in a fake build. */
export interface WidgetBuildOptions {
  name: string;
  version: string;
  /** Fields merged into widget.json. */
  manifest?: Partial<WidgetManifest> & Record<string, unknown>;
  /** Folder of mf-manifest.json and the entry inside dist/, e.g. `mf` ('' by default). */
  federationDir?: string;
  /** Leave these paths out. */
  omit?: string[];
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));

/**
 * Generates the files `npm run build` of a widget emits (widget.json, mf-manifest.json,
 * remoteEntry.js, a content-hashed chunk and its source map), each build's bytes unique.
 */
export function widgetBuild(options: WidgetBuildOptions): WidgetBuild {
  const { name, version } = options;
  const federationName = `switchboard_${name.replace(/-/g, '_')}`;
  const folder = options.federationDir ? `${options.federationDir}/` : '';
  const salt = randomBytes(8).toString('hex');
  const chunk = `__federation_expose_widget.${salt.slice(0, 8)}.js`;
  const entry = Buffer.from(`var ${federationName};(()=>{/* ${name}@${version} ${salt} */ ${federationName}={get:()=>null,init:()=>null}})();\n`);
  const manifest: WidgetManifest = {
    name,
    version,
    federationName,
    entry: `${folder}mf-manifest.json`,
    exposedModule: './widget',
    mandatory: name === 'email' || name === 'tickets',
    hostContract: HOST_CONTRACT_VERSION,
    title: { en: name, cs: name },
    ...options.manifest,
  };
  const federation = {
    id: federationName,
    name: federationName,
    metaData: {
      name: federationName,
      type: 'app',
      buildInfo: { buildVersion: version, buildName: `@switchboard/${name}-widget` },
      remoteEntry: { name: 'remoteEntry.js', path: '', type: 'global' },
      types: { path: '', name: '', zip: '', api: '' },
      globalName: federationName,
      pluginVersion: '2.9.3',
      publicPath: 'auto',
    },
    shared: [],
    remotes: [],
    exposes: [{ id: `${federationName}:widget`, name: 'widget', path: './widget', assets: { js: { sync: [chunk], async: [] }, css: { sync: [], async: [] } } }],
  };
  const files: BuildFile[] = [
    { path: 'widget.json', content: json(manifest) },
    { path: `${folder}mf-manifest.json`, content: json(federation) },
    { path: `${folder}remoteEntry.js`, content: entry },
    { path: `${folder}${chunk}`, content: Buffer.from(`console.log(${JSON.stringify(salt)});\n`) },
    { path: `${folder}${chunk}.map`, content: json({ version: 3, sources: ['widget.ts'], mappings: '' }) },
  ].filter((file) => !options.omit?.includes(file.path));
  return {
    name,
    version,
    files,
    entryPath: `${folder}remoteEntry.js`,
    integrity: `sha384-${createHash('sha384').update(entry).digest('base64')}`,
  };
}

/** Writes a build's files under `dir` (a dist/ folder), creating it. */
export async function writeBuild(dir: string, build: WidgetBuild): Promise<string> {
  for (const file of build.files) {
    await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
    await writeFile(path.join(dir, file.path), file.content);
  }
  return dir;
}

/**
 * A multipart/form-data body with one part per file, the filename being the raw path (quotes
 * escaped only), so tests control exactly what the server receives.
 */
export function multipartBody(files: BuildFile[], fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----registry${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [field, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    const filename = file.path.replace(/"/g, '%22');
    parts.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
