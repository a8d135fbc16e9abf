import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { repeatedSettingKeys, WidgetManifestSchema, type WidgetManifest } from '@switchboard/contracts';
import { invalidBuild } from '../errors';

/** The name and version a build must declare: the ones in the publish route. */
export interface ExpectedBuild {
  name: string;
  version: string;
}

/** The part of a Module Federation manifest (mf-manifest.json) the registry reads. */
const FederationManifestSchema = Type.Object({
  metaData: Type.Object({
    remoteEntry: Type.Object({ name: Type.String({ minLength: 1 }), path: Type.String() }),
    publicPath: Type.Optional(Type.String()),
  }),
});
type FederationManifest = Static<typeof FederationManifestSchema>;

/** Where a federation manifest says its remote entry is. */
export interface RemoteEntryRef {
  /** The entry script relative to the public path, e.g. `remoteEntry.js`. */
  relativePath: string;
  /** An absolute public path, or null for `auto` (the manifest's own folder). */
  publicPath: string | null;
}

function parseJson(bytes: Buffer, file: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidBuild(`${file} is not valid JSON`);
  }
}

function schemaErrors(schema: Parameters<typeof Value.Errors>[0], value: unknown) {
  return [...Value.Errors(schema, value)].slice(0, 10).map((e) => ({ path: e.path, message: e.message }));
}

/** Parses and validates widget.json; its name and version must be the ones being published. */
export function parseWidgetManifest(bytes: Buffer, expected: ExpectedBuild): WidgetManifest {
  const json = parseJson(bytes, 'widget.json');
  if (!Value.Check(WidgetManifestSchema, json)) {
    throw invalidBuild('widget.json does not match the widget manifest schema', schemaErrors(WidgetManifestSchema, json));
  }
  if (json.development) {
    throw invalidBuild('widget.json marks a development build (webpack --mode development): publish a production build (npm run build)');
  }
  const repeated = repeatedSettingKeys(json.settings ?? []);
  if (repeated.length > 0) {
    throw invalidBuild(
      `widget.json declares the setting ${repeated.map((key) => `"${key}"`).join(', ')} more than once`,
      repeated.map((key) => ({ path: `/settings/${json.settings!.map((s) => s.key).lastIndexOf(key)}/key`, message: 'Repeated setting key' })),
    );
  }
  if (json.name !== expected.name || json.version !== expected.version) {
    throw invalidBuild(`widget.json declares ${json.name}@${json.version}, not ${expected.name}@${expected.version}`);
  }
  return json;
}

/** Joins the manifest's `remoteEntry.path` and `name` the way the federation runtime does. */
function joinEntry(manifest: FederationManifest): string {
  const { path, name } = manifest.metaData.remoteEntry;
  const folder = path.replace(/^\.?\/+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
  return folder ? `${folder}/${name}` : name;
}

/** Parses mf-manifest.json and finds its remote entry. */
export function parseFederationManifest(bytes: Buffer, file: string): RemoteEntryRef {
  const json = parseJson(bytes, file);
  if (!Value.Check(FederationManifestSchema, json)) {
    throw invalidBuild(`${file} is not a Module Federation manifest`, schemaErrors(FederationManifestSchema, json));
  }
  const publicPath = json.metaData.publicPath;
  if (publicPath !== undefined && publicPath !== '' && publicPath !== 'auto' && !/^https?:\/\//.test(publicPath)) {
    throw invalidBuild(`${file} has publicPath "${publicPath}": build with publicPath "auto" or an absolute URL`);
  }
  return { relativePath: joinEntry(json), publicPath: publicPath && publicPath !== 'auto' ? publicPath : null };
}
