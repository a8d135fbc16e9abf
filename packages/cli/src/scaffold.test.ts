import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, UsageError } from './errors';
import { fillTemplate, scaffoldWidget, templateValues } from './scaffold';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const EXPECTED_FILES = [
  '.gitignore',
  'README.md',
  'jest.config.js',
  'package.json',
  'scripts/dev.cjs',
  'src/messages.ts',
  'src/parcel-tracker-widget.test.ts',
  'src/parcel-tracker-widget.ts',
  'src/widget.ts',
  'tsconfig.json',
  'webpack.config.js',
];

let tmp: string;
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const readJson = (dir: string, path: string) => JSON.parse(read(dir, path)) as Record<string, Record<string, string>>;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sb-scaffold-'));
});

afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('scaffoldWidget', () => {
  it('derives the tag, class name and title from the widget name', () => {
    expect(templateValues('parcel-tracker')).toEqual({
      name: 'parcel-tracker',
      tag: 'parcel-tracker-widget',
      className: 'ParcelTrackerWidget',
      title: 'Parcel tracker',
    });
    expect(templateValues('crm2')).toMatchObject({ className: 'Crm2Widget', title: 'Crm2' });
  });

  it('writes the widget package with the name filled in everywhere', () => {
    const dir = join(tmp, 'parcel-tracker');

    expect(scaffoldWidget('parcel-tracker', dir)).toEqual(EXPECTED_FILES);

    const files = EXPECTED_FILES.map((path) => read(dir, path));
    for (const text of files) expect(text).not.toMatch(/\{\{|__name__/);
    expect(readJson(dir, 'package.json')).toMatchObject({ name: 'parcel-tracker-widget', scripts: { build: 'webpack --mode production', test: 'jest' } });
    expect(read(dir, 'webpack.config.js')).toContain("name: 'parcel-tracker',");
    expect(read(dir, 'webpack.config.js')).toContain("title: { en: 'Parcel tracker', cs: 'Parcel tracker' },");
    expect(read(dir, 'src/widget.ts')).toContain("import './parcel-tracker-widget';");
    expect(read(dir, 'src/widget.ts')).toContain("export default createWidgetParcel('parcel-tracker-widget');");
    expect(read(dir, 'src/parcel-tracker-widget.ts')).toContain("@customElement('parcel-tracker-widget')\nexport class ParcelTrackerWidget extends LitElement");
    expect(read(dir, 'src/parcel-tracker-widget.test.ts')).toContain("import type { ParcelTrackerWidget } from './parcel-tracker-widget';");
    expect(read(dir, 'scripts/dev.cjs')).toContain("name: 'parcel-tracker' });");
    expect(read(dir, 'README.md')).toMatch(/^# Parcel tracker \(`parcel-tracker`\)/);
    expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['dist/', 'dev-dist/', 'node_modules/']));
  });

  it("has npm run dev start the SDK's dev server, and the example order-lookup uses the same script", () => {
    scaffoldWidget('order-lookup', tmp);
    const dev = read(tmp, 'scripts/dev.cjs');
    expect(dev).toContain("require('@switchboard/widget-sdk/dev-harness/serve.cjs')");
    expect(dev).toContain("serveDev({ dir: join(__dirname, '..'), name: 'order-lookup' });");
    expect(read(join(REPO_ROOT, 'examples', 'order-lookup'), 'scripts/dev.cjs')).toBe(dev);
  });

  it('pins the build and test tools to the versions the platform uses', () => {
    scaffoldWidget('parcel-tracker', tmp);
    const generated = readJson(tmp, 'package.json');
    const root = readJson(REPO_ROOT, 'package.json');
    const tickets = readJson(REPO_ROOT, 'widgets/tickets/package.json');

    for (const [name, version] of Object.entries(generated.devDependencies)) expect([name, version]).toEqual([name, root.devDependencies[name]]);
    for (const name of ['lit', 'single-spa', '@switchboard/widget-sdk', '@switchboard/contracts']) {
      expect([name, generated.dependencies[name]]).toEqual([name, tickets.dependencies[name]]);
    }
  });

  it("takes the platform's own packages from the tarballs its registry serves, with --packages-from", () => {
    scaffoldWidget('parcel-tracker', tmp, 'https://sb.example.com');
    expect(readJson(tmp, 'package.json').dependencies).toMatchObject({
      '@switchboard/contracts': 'https://sb.example.com/api/registry/sdk/switchboard-contracts-0.1.0.tgz',
      '@switchboard/widget-sdk': 'https://sb.example.com/api/registry/sdk/switchboard-widget-sdk-0.1.0.tgz',
      lit: '3.3.3',
    });
  });

  it('extends the repository tsconfig inside a Switchboard checkout and stands alone outside', () => {
    const standalone = join(tmp, 'alone');
    scaffoldWidget('parcel-tracker', standalone);
    expect(readJson(standalone, 'tsconfig.json')).toMatchObject({ compilerOptions: { experimentalDecorators: true }, include: ['src'] });

    const repo = join(tmp, 'repo');
    mkdirSync(join(repo, 'packages', 'widget-sdk'), { recursive: true });
    writeFileSync(join(repo, 'tsconfig.json'), '{}');
    writeFileSync(join(repo, 'packages', 'widget-sdk', 'package.json'), '{}');
    const inside = join(repo, 'examples', 'parcel-tracker');
    scaffoldWidget('parcel-tracker', inside);
    expect(readJson(inside, 'tsconfig.json')).toEqual({ extends: '../../tsconfig.json', include: ['src'] });
  });

  it('writes into an existing empty folder but refuses one with files, touching nothing', () => {
    expect(scaffoldWidget('parcel-tracker', tmp)).toEqual(EXPECTED_FILES);
    writeFileSync(join(tmp, 'src', 'widget.ts'), '// mine');

    expect(() => scaffoldWidget('parcel-tracker', tmp)).toThrow(CliError);
    expect(() => scaffoldWidget('parcel-tracker', tmp)).toThrow(/already exists and is not empty/);
    expect(read(tmp, 'src/widget.ts')).toBe('// mine');
    expect(readdirSync(tmp).sort()).toEqual(['.gitignore', 'README.md', 'jest.config.js', 'package.json', 'scripts', 'src', 'tsconfig.json', 'webpack.config.js']);
  });

  it('refuses a name the registry would refuse', () => {
    for (const name of ['Parcel', '1parcel', 'parcel_tracker', '', 'a'.repeat(64)]) {
      expect(() => scaffoldWidget(name, join(tmp, 'x'))).toThrow(UsageError);
    }
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('fails on a placeholder it has no value for', () => {
    expect(fillTemplate('{{name}}-{{name}}', { name: 'a' }, 't')).toBe('a-a');
    expect(() => fillTemplate('{{nope}}', { name: 'a' }, 'src/x.ts.tmpl')).toThrow('Template src/x.ts.tmpl uses an unknown placeholder {{nope}}');
  });
});
