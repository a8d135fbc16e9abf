import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch, renderKustomization } from './kustomize';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kustomize-'));
  await mkdir(join(dir, 'base'));
  await mkdir(join(dir, 'overlay'));
  await writeFile(join(dir, 'base', 'kustomization.yaml'), 'resources:\n  - app.yaml\n');
  await writeFile(
    join(dir, 'base', 'app.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: app }',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      initContainers: [{ name: init, image: "acme/app@sha256:abc" }]',
      '      containers: [{ name: app, image: "acme/app:dev" }, { name: side, image: "registry:5000/side" }]',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: app }',
      '---',
    ].join('\n'),
  );
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const overlay = (kustomization: string, files: Record<string, string> = {}) =>
  Promise.all([
    writeFile(join(dir, 'overlay', 'kustomization.yaml'), kustomization),
    ...Object.entries(files).map(([name, text]) => writeFile(join(dir, 'overlay', name), text)),
  ]);

describe('renderKustomization', () => {
  it('loads files (every document) and folders, in order', async () => {
    await overlay('resources:\n  - ns.yaml\n  - ../base\n', { 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: prod }\n' });
    expect(renderKustomization(join(dir, 'overlay')).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/prod', 'Deployment/app', 'Service/app']);
  });

  it('sets the namespace on namespaced objects only', async () => {
    await overlay('namespace: prod\nresources:\n  - ns.yaml\n  - ../base\n', { 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: prod }\n' });
    const objects = renderKustomization(join(dir, 'overlay'));
    expect(objects.map((o) => o.metadata.namespace)).toEqual([undefined, 'prod', 'prod']);
  });

  it('renames images and sets tags or digests, keeping a tag it is not told to change', async () => {
    await overlay(
      [
        'resources: [../base]',
        'images:',
        '  - { name: acme/app, newName: registry.example.com/app, newTag: "1.2" }',
        '  - { name: registry:5000/side, digest: "sha256:def" }',
      ].join('\n'),
    );
    const spec = (renderKustomization(join(dir, 'overlay'))[0].spec as { template: { spec: Record<string, Array<{ image: string }>> } }).template.spec;
    expect(spec.containers.map((c) => c.image)).toEqual(['registry.example.com/app:1.2', 'registry:5000/side@sha256:def']);
    expect(spec.initContainers[0].image).toBe('registry.example.com/app:1.2');
  });

  it('sets replicas, and applies inline and file JSON 6902 patches to the named target', async () => {
    await overlay(
      [
        'resources: [../base]',
        'replicas: [{ name: app, count: 5 }]',
        'patches:',
        '  - target: { kind: Deployment, name: app }',
        '    patch: |-',
        '      - { op: add, path: /metadata/annotations, value: { a.io/x: "1" } }',
        '  - target: { kind: Service, name: app }',
        '    path: svc.yaml',
      ].join('\n'),
      { 'svc.yaml': '- { op: add, path: /metadata/labels, value: { tier: web } }\n' },
    );
    const [deployment, service] = renderKustomization(join(dir, 'overlay'));
    expect(deployment.spec).toMatchObject({ replicas: 5 });
    expect(deployment.metadata.annotations).toEqual({ 'a.io/x': '1' });
    expect(service.metadata.labels).toEqual({ tier: 'web' });
  });

  it('refuses fields it does not render, patches without a target and replicas for no workload', async () => {
    await overlay('resources: [../base]\ncommonLabels: { a: b }\n');
    expect(() => renderKustomization(join(dir, 'overlay'))).toThrow('unsupported fields commonLabels');
    await overlay('resources: [../base]\npatches:\n  - target: { kind: Deployment, name: other }\n    patch: "[]"\n');
    expect(() => renderKustomization(join(dir, 'overlay'))).toThrow('no Deployment/other to patch');
    await overlay('resources: [../base]\nreplicas: [{ name: other, count: 1 }]\n');
    expect(() => renderKustomization(join(dir, 'overlay'))).toThrow('no workload other');
    await overlay('resources: [../base]\npatches:\n  - target: { kind: Service, name: app }\n    patch: "spec: {}"\n');
    expect(() => renderKustomization(join(dir, 'overlay'))).toThrow('not a JSON 6902 list');
  });
});

describe('applyPatch', () => {
  const object = { metadata: { annotations: { 'a/b': 'x' } }, list: [1, 2, 3] };

  it('adds, replaces and removes in objects and arrays, reading ~1 as / and - as the end', () => {
    const patched = applyPatch(object, [
      { op: 'replace', path: '/metadata/annotations/a~1b', value: 'y' },
      { op: 'add', path: '/list/1', value: 9 },
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'remove', path: '/list/0' },
      { op: 'add', path: '/spec', value: { n: 1 } },
    ]);
    expect(patched).toEqual({ metadata: { annotations: { 'a/b': 'y' } }, list: [9, 2, 3, 4], spec: { n: 1 } });
    expect(object.list).toEqual([1, 2, 3]);
  });

  it('refuses to replace or remove what is not there, or to go through a missing parent', () => {
    expect(() => applyPatch(object, [{ op: 'replace', path: '/metadata/labels', value: {} }])).toThrow('nothing there');
    expect(() => applyPatch(object, [{ op: 'remove', path: '/list/3' }])).toThrow('no index 3');
    expect(() => applyPatch(object, [{ op: 'add', path: '/spec/replicas', value: 1 }])).toThrow('no parent at spec');
    expect(() => applyPatch(object, [{ op: 'add', path: 'spec', value: 1 }])).toThrow('Not a JSON pointer');
  });
});
