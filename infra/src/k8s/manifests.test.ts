import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SEND_QUEUE_NAME } from '@switchboard/contracts';
import { SERVICES } from '../platform';
import { K8S_DIR, renderKustomization, type K8sObject } from './kustomize';
import { validateObjects } from './validate';

interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean };
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean };
}
type Workload = K8sObject & { spec: { replicas?: number; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } } };

const OVERLAYS = readdirSync(join(K8S_DIR, 'overlays'));
/** Made outside Git in production (infra/README.md): the only objects an overlay may name without shipping. */
const EXTERNAL = { Secret: ['switchboard-secrets'] };

const rendered = Object.fromEntries(OVERLAYS.map((name) => [name, renderKustomization(join(K8S_DIR, 'overlays', name))]));
const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const workloads = (objects: K8sObject[]) => objects.filter((o): o is Workload => o.kind === 'Deployment' || o.kind === 'Job');
const switchboardDeployments = (objects: K8sObject[]) =>
  objects.filter((o): o is Workload => o.kind === 'Deployment' && (o.metadata.labels as Record<string, string>)?.['app.kubernetes.io/part-of'] === 'switchboard');

it('has the local and production overlays', () => {
  expect(OVERLAYS.sort()).toEqual(['local', 'production']);
});

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  const objects = rendered[overlay];

  it('renders objects that the Kubernetes (and KEDA) schemas accept, with no unknown field', async () => {
    expect(await validateObjects(objects)).toEqual([]);
  });

  it('puts every namespaced object in the overlay namespace, which it creates', () => {
    const namespace = objects.find((o) => o.kind === 'Namespace')?.metadata.name;
    expect(namespace).toBeDefined();
    expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== namespace)).toEqual([]);
  });

  it.each(SERVICES.map((s) => [s.name, s.port] as const))('runs %s on port %i: Deployment, Service, PDB, migration Job, Ingress path', (name, port) => {
    const deployment = find(objects, 'Deployment', name) as Workload;
    const [container] = deployment.spec.template.spec.containers;
    expect(container.env).toContainEqual({ name: 'PORT', value: String(port) });
    expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
    expect(container.livenessProbe?.httpGet?.path).toBe('/health');
    expect(find(objects, 'Service', name)).toMatchObject({ spec: { ports: expect.arrayContaining([{ name: 'http', port, targetPort: 'http' }]) } });
    expect(find(objects, 'PodDisruptionBudget', name)).toBeDefined();
    const job = find(objects, 'Job', `${name}-migrate`) as Workload;
    expect(job.spec.template.spec.containers[0].image).toBe(container.image);
    expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: 'MIGRATE_ONLY', value: 'true' });
    const api = find(objects, 'Ingress', 'switchboard-api') as K8sObject & { spec: { rules: Array<{ http: { paths: Array<{ path: string; backend: unknown }> } }> } };
    expect(api.spec.rules[0].http.paths).toContainEqual(expect.objectContaining({ path: `/api/${name}(/|$)(.*)`, backend: { service: { name, port: { name: 'http' } } } }));
  });

  it('gives every Switchboard container requests and limits, a non-root pod and no privilege escalation', () => {
    for (const workload of workloads(objects).filter((o) => (o.metadata.labels as Record<string, string>)?.['app.kubernetes.io/part-of'] === 'switchboard')) {
      const pod = workload.spec.template.spec;
      expect({ workload: workload.metadata.name, nonRoot: pod.securityContext?.runAsNonRoot }).toEqual({ workload: workload.metadata.name, nonRoot: true });
      for (const container of pod.containers) {
        expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(container.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
        expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
      }
    }
  });

  it('has a PodDisruptionBudget for every Switchboard Deployment', () => {
    const missing = switchboardDeployments(objects).filter((d) => !find(objects, 'PodDisruptionBudget', d.metadata.name));
    expect(missing.map((d) => d.metadata.name)).toEqual([]);
  });

  it('runs at least two mail workers, scaled by KEDA on the send queue wait list', () => {
    const worker = find(objects, 'Deployment', 'mail-worker') as Workload;
    expect(worker.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(worker.spec.template.spec.containers[0].command).toEqual(['node', 'services/mail/dist/delivery/worker-main.js']);
    const config = find(objects, 'ConfigMap', 'switchboard-config') as K8sObject & { data: Record<string, string> };
    const scaler = find(objects, 'ScaledObject', 'mail-worker') as K8sObject & {
      spec: { scaleTargetRef: { name: string }; minReplicaCount: number; triggers: Array<{ type: string; metadata: Record<string, string> }> };
    };
    expect(scaler.spec.scaleTargetRef.name).toBe('mail-worker');
    expect(scaler.spec.minReplicaCount).toBeGreaterThanOrEqual(2);
    expect(scaler.spec.triggers[0]).toMatchObject({ type: 'redis', metadata: { listName: `${config.data.MAIL_QUEUE_PREFIX}:${SEND_QUEUE_NAME}:wait` } });
  });

  it("serves the mail worker's metrics on METRICS_PORT: a named port, scrape annotations, reachable from monitoring only", () => {
    const worker = find(objects, 'Deployment', 'mail-worker') as Workload & {
      spec: { template: { metadata: { annotations?: Record<string, string> }; spec: { containers: Array<Container & { ports?: Array<{ name: string; containerPort: number }> }> } } };
    };
    const [container] = worker.spec.template.spec.containers;
    const port = container.env?.find((e) => e.name === 'METRICS_PORT')?.value;
    expect(port).toMatch(/^\d+$/);
    expect(container.env).toContainEqual({ name: 'METRICS_HOST', value: '0.0.0.0' });
    expect(container.ports).toContainEqual({ name: 'metrics', containerPort: Number(port) });
    expect(worker.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': port, 'prometheus.io/path': '/metrics' });
    expect(find(objects, 'NetworkPolicy', 'mail-worker-metrics-from-monitoring')).toMatchObject({
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mail-worker' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 'metrics', protocol: 'TCP' }] }],
      },
    });
  });

  it('names only ConfigMaps and Secrets that exist (or that production makes outside Git)', () => {
    const refs = workloads(objects).flatMap((w) =>
      w.spec.template.spec.containers.flatMap((c) =>
        (c.envFrom ?? []).map((from) => (from.configMapRef ? ['ConfigMap', from.configMapRef.name] : ['Secret', from.secretRef!.name])),
      ),
    );
    const dangling = refs.filter(([kind, name]) => !find(objects, kind, name) && !(overlay === 'production' && EXTERNAL[kind as 'Secret']?.includes(name)));
    expect(dangling).toEqual([]);
  });

  it('denies ingress by default and lets the ingress controller reach the services', () => {
    expect(find(objects, 'NetworkPolicy', 'default-deny-ingress')).toMatchObject({ spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    expect(JSON.stringify(find(objects, 'NetworkPolicy', 'services-from-ingress-and-each-other'))).toContain('ingress-nginx');
  });
});

it('keeps registry builds in S3 in production: two rolling replicas, no volume claim; one replica on its volume locally', () => {
  const registry = (overlay: string) => find(rendered[overlay], 'Deployment', 'registry') as Workload & { spec: { strategy: { type: string } } };
  const config = find(rendered.production, 'ConfigMap', 'switchboard-config') as K8sObject & { data: Record<string, string> };
  expect(config.data.REGISTRY_BLOB_STORE).toMatch(/^s3:\/\/[a-z0-9.-]+\/registry$/);
  expect(config.data.REGISTRY_BLOB_STORE).not.toBe(config.data.BLOB_STORE);
  expect(registry('production').spec).toMatchObject({ replicas: 2, strategy: { type: 'RollingUpdate' } });
  expect(find(rendered.production, 'PersistentVolumeClaim', 'registry-files')).toBeUndefined();
  expect(registry('local').spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  expect(find(rendered.local, 'PersistentVolumeClaim', 'registry-files')).toBeDefined();
});

it('exports traces over OTLP/HTTP in production, each service under its own name', () => {
  const config = (overlay: string) => (find(rendered[overlay], 'ConfigMap', 'switchboard-config') as K8sObject & { data: Record<string, string> }).data;
  expect(config('production').OTEL_EXPORTER_OTLP_ENDPOINT).toMatch(/^https?:\/\/[a-z0-9.-]+:4318$/);
  for (const overlay of OVERLAYS) expect({ overlay, name: config(overlay).OTEL_SERVICE_NAME }).toEqual({ overlay, name: undefined });
});

it('uses release images in production and local ones in the local overlay', () => {
  const images = (overlay: string) => switchboardDeployments(rendered[overlay]).map((d) => d.spec.template.spec.containers[0].image);
  expect(images('production').every((image) => image.startsWith('registry.example.com/switchboard/'))).toBe(true);
  expect(images('local').every((image) => /^switchboard\/[a-z]+:dev$/.test(image))).toBe(true);
});

it('reports what the schemas refuse and fields the API does not know', async () => {
  const deployment = structuredClone(find(rendered.production, 'Deployment', 'tickets')) as Workload;
  (deployment.spec as Record<string, unknown>).replicas = 'three';
  (deployment.spec.template.spec.containers[0] as unknown as Record<string, unknown>).livenesProbe = {};
  expect(await validateObjects([deployment, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } }])).toEqual([
    { object: 'Deployment/tickets', error: 'unknown field /spec/template/spec/containers/0/livenesProbe; data/spec/replicas must be integer' },
    { object: 'Thing/x', error: 'no schema for apiVersion example.com/v1' },
  ]);
});
