import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';
import { SERVICES } from '../platform';

/**
 * No container engine runs here, so this checks what the Dockerfiles rely on in the repository:
 * the npm scripts and files they name, each service's entry, and their shape (several stages,
 * production dependencies only, a non-root user).
 */
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const dockerfiles = { service: read('infra/docker/service.Dockerfile'), web: read('infra/docker/web.Dockerfile') };
const rootScripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

/** The last stage: what the image runs. */
const finalStage = (dockerfile: string) => dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

it.each(Object.entries(dockerfiles))('%s.Dockerfile builds in stages and runs as a non-root user', (_name, dockerfile) => {
  expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
  const user = /^USER (\S+)/m.exec(finalStage(dockerfile))?.[1];
  expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
});

it('runs the npm scripts of the root package.json that exist', () => {
  const runs = Object.values(dockerfiles).flatMap((dockerfile) => [...dockerfile.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
  expect(runs.sort()).toEqual(['build:node', 'build:web']);
  for (const script of runs) expect(rootScripts[script]).toBeDefined();
});

it('installs production dependencies only in the service image it runs', () => {
  expect(dockerfiles.service).toMatch(/npm ci --omit=dev .*--workspace "services\/\$SERVICE"/);
  expect(finalStage(dockerfiles.service)).not.toMatch(/npm (ci|install)/);
});

it.each(SERVICES.map((s) => s.name))('has what the service image of %s copies and runs', (name) => {
  const pkg = JSON.parse(read(`services/${name}/package.json`)) as { main: string; dependencies: Record<string, string> };
  // The image runs services/<name>/dist/server.js, compiled from src/server.ts by build:node.
  expect(pkg.main).toBe('dist/server.js');
  expect(existsSync(join(REPO_ROOT, 'services', name, 'src', 'server.ts'))).toBe(true);
  expect(read('infra/scripts/build-node.sh')).toContain(`services/${name}`);
  // The kit and the contracts come as workspace links, whose dist/ the image copies.
  expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['@switchboard/service-kit', '@switchboard/contracts']));
});

it('has the mail worker entry the Kubernetes Deployment runs, and the web image its nginx configuration', () => {
  expect(existsSync(join(REPO_ROOT, 'services/mail/src/delivery/worker-main.ts'))).toBe(true);
  expect(dockerfiles.web).toContain('COPY infra/docker/web-nginx.conf');
  expect(existsSync(join(REPO_ROOT, 'infra/docker/web-nginx.conf'))).toBe(true);
});
