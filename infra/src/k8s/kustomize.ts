import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../paths';

/**
 * The part of kustomize that infra/k8s uses, so a test can render the overlays without the
 * kustomize binary: `resources` (YAML files, and folders holding a kustomization.yaml),
 * `namespace`, `images`, `replicas` and `patches` whose patch is a JSON 6902 operation list
 * (inline or in a file) aimed at one kind and name. Anything else in a kustomization.yaml is
 * refused, so the manifests cannot silently use a feature this renderer would ignore.
 */

/** A Kubernetes object as YAML gives it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** One JSON 6902 operation (the ones kustomize's patches use: add, replace, remove). */
interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ target: { kind: string; name: string }; patch?: string; path?: string }>;
}

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'replicas', 'patches']);

/** Kinds that live outside any namespace: the namespace transformer leaves them alone. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'PersistentVolume',
  'PriorityClass',
  'StorageClass',
]);

/** Kinds whose `spec.replicas` the `replicas` field sets. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** Renders the kustomization in `dir` (a base or an overlay) to its objects, in resource order. */
export function renderKustomization(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const kustomization = parse(readFileSync(file, 'utf8')) as Kustomization & Record<string, unknown>;
  const unknown = Object.keys(kustomization).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length) throw new Error(`${file}: unsupported fields ${unknown.join(', ')}`);

  let objects = (kustomization.resources ?? []).flatMap((resource) => loadResource(resolve(dir, resource)));
  for (const { target, patch, path } of kustomization.patches ?? []) {
    const operations = parse(patch ?? readFileSync(resolve(dir, path ?? ''), 'utf8')) as PatchOperation[];
    if (!Array.isArray(operations)) throw new Error(`${file}: the patch for ${target.kind}/${target.name} is not a JSON 6902 list`);
    const matches = objects.filter((o) => o.kind === target.kind && o.metadata.name === target.name);
    if (matches.length === 0) throw new Error(`${file}: no ${target.kind}/${target.name} to patch`);
    objects = objects.map((o) => (matches.includes(o) ? applyPatch(o, operations) : o));
  }
  for (const { name, count } of kustomization.replicas ?? []) {
    const matches = objects.filter((o) => SCALABLE.has(o.kind) && o.metadata.name === name);
    if (matches.length === 0) throw new Error(`${file}: no workload ${name} for replicas`);
    for (const o of matches) (o.spec as { replicas?: number }).replicas = count;
  }
  if (kustomization.images) for (const o of objects) setImages(o, kustomization.images);
  if (kustomization.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = kustomization.namespace;
  }
  return objects;
}

/** A folder is another kustomization; a file holds one or more YAML documents. */
function loadResource(path: string): K8sObject[] {
  if (statSync(path).isDirectory()) return renderKustomization(path);
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${path}: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/** The path's segments as RFC 6901 has them (`~1` is `/`, `~0` is `~`). */
function pointer(path: string): string[] {
  if (!path.startsWith('/')) throw new Error(`Not a JSON pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A deep copy of `object` with the operations applied in order. */
export function applyPatch<T>(object: T, operations: PatchOperation[]): T {
  const copy = structuredClone(object);
  for (const { op, path, value } of operations) {
    const segments = pointer(path);
    const last = segments.pop()!;
    let parent: unknown = copy;
    for (const segment of segments) {
      parent = (parent as Record<string, unknown>)?.[segment];
      if (parent === undefined || parent === null || typeof parent !== 'object') throw new Error(`${op} ${path}: no parent at ${segment}`);
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length || (op !== 'add' && index === parent.length)) {
        throw new Error(`${op} ${path}: no index ${last}`);
      }
      if (op === 'add') parent.splice(index, 0, structuredClone(value));
      else if (op === 'replace') parent[index] = structuredClone(value);
      else parent.splice(index, 1);
      continue;
    }
    const record = parent as Record<string, unknown>;
    if (op !== 'add' && !Object.hasOwn(record, last)) throw new Error(`${op} ${path}: nothing there`);
    if (op === 'remove') delete record[last];
    else record[last] = structuredClone(value);
  }
  return copy;
}

/** The image name without its tag or digest: `registry:5000/a/b:1.0@sha256:…` → `registry:5000/a/b`. */
function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** Rewrites every container's and init container's image that `images` names. */
function setImages(object: K8sObject, images: NonNullable<Kustomization['images']>): void {
  const podSpecs = [
    (object.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec,
    (object.spec as { jobTemplate?: { spec?: { template?: { spec?: unknown } } } } | undefined)?.jobTemplate?.spec?.template?.spec,
  ];
  for (const podSpec of podSpecs) {
    const spec = podSpec as { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }> } | undefined;
    for (const container of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
      const rule = container.image && images.find((image) => image.name === imageName(container.image!));
      if (!rule || !container.image) continue;
      const current = container.image;
      const tag = current.includes('@') ? '' : current.slice(imageName(current).length);
      const name = rule.newName ?? rule.name;
      container.image = rule.digest ? `${name}@${rule.digest}` : rule.newTag ? `${name}:${rule.newTag}` : `${name}${tag}`;
    }
  }
}

/** The manifests: `base/` and `overlays/<name>/`. */
export const K8S_DIR = join(REPO_ROOT, 'infra', 'k8s');
