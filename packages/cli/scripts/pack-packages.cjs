#!/usr/bin/env node
// Builds the packages an integrator installs outside this repository and packs them with
// `npm pack`: @switchboard/contracts, @switchboard/widget-sdk (CommonJS for Node and jest, ES
// modules for bundlers, .d.ts) and @switchboard/cli (CommonJS, with the two bundled so that
// `npx <cli tarball>` needs nothing else of ours). Each is staged in <out>/stage/<name> with its
// own package.json (`exports`, version, no workspace paths), publishable with `npm publish
// <out>/stage/<name>`.
//
//   node packages/cli/scripts/pack-packages.cjs <out-dir>
//
// Prints the tarball paths. The registry serves them from SDK_PACKAGES_DIR (GET /sdk/:file).
const { execFileSync } = require('node:child_process');
const { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '../../..');
const BIN = join(ROOT, 'node_modules', '.bin');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const writeJson = (path, value) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** What each package is made of: its folder, entry points (`exports` subpath → module under src/) and extra files. */
const PACKAGES = [
  { dir: 'shared-contracts', entries: { '.': 'index' }, files: [] },
  {
    dir: 'packages/widget-sdk',
    entries: { '.': 'index', './client': 'api-client', './testing': 'testing' },
    files: ['webpack', 'dev-harness'],
    peers: { lit: '^3.3.0', webpack: '^5.100.0' },
    optionalPeers: ['webpack'],
  },
  { dir: 'packages/cli', entries: { '.': 'main' }, files: ['bin', 'templates'], bundled: ['shared-contracts', 'packages/widget-sdk'] },
];

function swc(srcDir, outDir, moduleType) {
  mkdirSync(outDir, { recursive: true });
  const config = join(outDir, '..', `swcrc.${moduleType}.json`);
  const swcrc = readJson(join(ROOT, '.swcrc'));
  writeJson(config, { ...swcrc, module: { type: moduleType } });
  execFileSync(join(BIN, 'swc'), [srcDir, '-d', outDir, '--strip-leading-paths', '--config-file', config, '--ignore', '**/*.test.ts', '--ignore', '**/testing/**', '--quiet'], {
    cwd: join(srcDir, '..'),
    stdio: 'inherit',
  });
  rmSync(config);
}

/** One tsc run emits the declarations of all three packages under <typesDir>/<package dir>/src. */
function declarations(typesDir) {
  const config = join(typesDir, '..', 'tsconfig.types.json');
  writeJson(config, {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: typesDir, rootDir: ROOT, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
    include: PACKAGES.map((pkg) => join(ROOT, pkg.dir, 'src')),
    exclude: [join(ROOT, '**/*.test.ts'), join(ROOT, 'packages/cli/src/testing')],
  });
  execFileSync(join(BIN, 'tsc'), ['-p', config], { cwd: ROOT, stdio: 'inherit' });
}

/** `exports` of a staged package: types, ES modules for bundlers (`module`), CommonJS otherwise. */
function exportsOf(pkg, esm) {
  const entries = Object.entries(pkg.entries).map(([subpath, module]) => [
    subpath,
    {
      types: `./dist/types/${module}.d.ts`,
      ...(esm ? { module: `./dist/esm/${module}.js` } : {}),
      default: `./dist/${esm ? 'cjs/' : ''}${module}.js`,
    },
  ]);
  const extra = ['./webpack/preset.cjs', './dev-harness/serve.cjs'].filter((file) => pkg.files.includes(file.split('/')[1])).map((file) => [file, file]);
  return Object.fromEntries([...entries, ...extra, ['./package.json', './package.json']]);
}

/** Writes the staged package: compiled code, declarations, README, package.json; returns its folder. */
function stage(pkg, outDir, typesDir, versions) {
  const source = join(ROOT, pkg.dir);
  const manifest = readJson(join(source, 'package.json'));
  const dir = join(outDir, 'stage', manifest.name.replace(/^@/, '').replace('/', '-'));
  const esm = !pkg.bundled;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  swc(join(source, 'src'), join(dir, 'dist', esm ? 'cjs' : ''), 'commonjs');
  if (esm) swc(join(source, 'src'), join(dir, 'dist', 'esm'), 'es6');
  cpSync(join(typesDir, pkg.dir, 'src'), join(dir, 'dist', 'types'), { recursive: true });
  for (const file of ['README.md', ...pkg.files]) cpSync(join(source, file), join(dir, file), { recursive: true });
  const dependencies = Object.fromEntries(
    Object.entries(manifest.dependencies ?? {}).map(([name, version]) => [name, versions.get(name) ?? version]),
  );
  const main = Object.values(pkg.entries)[0];
  writeJson(join(dir, 'package.json'), {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    license: 'UNLICENSED',
    main: `./dist/${esm ? 'cjs/' : ''}${main}.js`,
    ...(esm ? { module: `./dist/esm/${main}.js` } : {}),
    types: `./dist/types/${main}.d.ts`,
    exports: exportsOf(pkg, esm),
    ...(manifest.bin ? { bin: manifest.bin } : {}),
    files: ['dist', 'README.md', ...pkg.files],
    ...(esm ? { sideEffects: false } : {}),
    engines: { node: '>=20.19' },
    dependencies,
    ...(pkg.bundled ? { bundleDependencies: Object.keys(dependencies).filter((name) => name.startsWith('@switchboard/')) } : {}),
    ...(pkg.peers ? { peerDependencies: pkg.peers } : {}),
    ...(pkg.optionalPeers ? { peerDependenciesMeta: Object.fromEntries(pkg.optionalPeers.map((name) => [name, { optional: true }])) } : {}),
  });
  return { name: manifest.name, version: manifest.version, dir };
}

/** Builds, stages and packs the three packages into `outDir`; answers their tarball paths. */
function packPackages(outDir) {
  const out = resolve(outDir);
  const typesDir = join(out, 'types');
  rmSync(typesDir, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  declarations(typesDir);
  const versions = new Map(PACKAGES.map((pkg) => readJson(join(ROOT, pkg.dir, 'package.json'))).map((m) => [m.name, m.version]));
  const staged = new Map();
  const tarballs = [];
  for (const pkg of PACKAGES) {
    const built = stage(pkg, out, typesDir, versions);
    for (const dir of pkg.bundled ?? []) {
      const bundled = staged.get(dir);
      cpSync(bundled.dir, join(built.dir, 'node_modules', bundled.name), { recursive: true });
    }
    staged.set(pkg.dir, built);
    const packed = execFileSync('npm', ['pack', built.dir, '--pack-destination', out, '--json'], { cwd: out, stdio: ['ignore', 'pipe', 'inherit'] });
    tarballs.push(join(out, JSON.parse(packed.toString())[0].filename));
  }
  rmSync(typesDir, { recursive: true, force: true });
  rmSync(join(out, 'tsconfig.types.json'));
  return tarballs;
}

module.exports = { packPackages };

if (require.main === module) {
  const [outDir] = process.argv.slice(2);
  if (!outDir) {
    process.stderr.write('Usage: node packages/cli/scripts/pack-packages.cjs <out-dir>\n');
    process.exit(2);
  }
  for (const tarball of packPackages(outDir)) process.stdout.write(`${tarball}\n`);
}
