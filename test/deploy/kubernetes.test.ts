import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../infra/paths';
import { installedTestTool } from '../../infra/tools/installed-tools';
import { entryPointCommand } from '../../infra/process/node-flags';
import { runCommand } from '../../infra/temporal/run-command';

jest.setTimeout(120_000);

const root = projectRoot();

interface Probe { httpGet?: { path: string; port: string | number }; tcpSocket?: { port: string | number } }
interface Container {
  name: string;
  command?: string[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}
interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number;
    strategy?: { type: string };
    selector?: { matchLabels: Record<string, string> };
    maxUnavailable?: number | string;
    minAvailable?: number | string;
    template?: { metadata: { labels: Record<string, string> }; spec: { securityContext?: { runAsNonRoot?: boolean; runAsUser?: number }; containers: Container[] } };
  };
}

interface Rendered { objects: K8sObject[]; validation: { exitCode: number | null; output: string } }

/** `kubectl kustomize` of one overlay, every object checked by kubernetes-validate (--strict: no unknown field). */
async function render(overlay: string): Promise<Rendered> {
  const [kubectl, validator] = [await installedTestTool('kubectl'), await installedTestTool('kubernetes-validate')];
  const built = await runCommand(kubectl, ['kustomize', join(root, 'infra', 'k8s', 'overlays', overlay)]);
  if (built.exitCode !== 0) throw new Error(`kubectl kustomize ${overlay} failed:\n${built.output}`);
  const dir = await mkdtemp(join(tmpdir(), `k8s-${overlay}-`));
  try {
    const file = join(dir, `${overlay}.yaml`);
    await writeFile(file, built.output);
    const validation = await runCommand(validator, ['--strict', file]);
    const toJson = 'import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(open(sys.argv[1])) if d], sys.stdout)';
    const converted = await runCommand(join(dirname(validator), 'python'), ['-c', toJson, file]);
    if (converted.exitCode !== 0) throw new Error(converted.output);
    return { objects: JSON.parse(converted.output) as K8sObject[], validation };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const byKind = (objects: K8sObject[], kind: string): K8sObject[] => objects.filter((object) => object.kind === kind);
const deployment = (objects: K8sObject[], name: string): K8sObject => {
  const found = byKind(objects, 'Deployment').find((object) => object.metadata.name === name);
  if (!found) throw new Error(`no Deployment ${name}`);
  return found;
};
const container = (object: K8sObject): Container => object.spec!.template!.spec.containers[0];
const envValue = (object: K8sObject, name: string): string | undefined => container(object).env?.find((variable) => variable.name === name)?.value;
const hotPaths = (objects: K8sObject[]): K8sObject[] => byKind(objects, 'Deployment').filter((object) => container(object).command?.join(' ') === 'node dist/workers/hot-path.js');

describe.each(['dev', 'prod'])('the %s overlay', (overlay) => {
  let rendered: Rendered;

  beforeAll(async () => {
    rendered = await render(overlay);
  });

  it('renders objects that all validate against the Kubernetes schemas', () => {
    expect(rendered.validation.output).not.toMatch(/ERROR|WARN/);
    expect(rendered.validation.exitCode).toBe(0);
    const validated = rendered.validation.output.match(/ passed for resource /g) ?? [];
    expect(validated).toHaveLength(rendered.objects.length);
    expect(new Set(rendered.objects.filter((object) => object.kind !== 'Namespace').map((object) => object.metadata.namespace)).size).toBe(1);
  });

  it('probes, bounds and disrupts the worker and the api safely', () => {
    const { objects } = rendered;
    const worker = container(deployment(objects, 'orchestration-worker'));
    expect(worker.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'metrics' });
    expect(worker.readinessProbe?.httpGet).toEqual({ path: '/health', port: 'metrics' });
    expect(worker.ports).toEqual([{ name: 'metrics', containerPort: 9464 }]);
    expect(worker.command).toEqual(entryPointCommand('workers/orchestration'));
    const api = container(deployment(objects, 'api'));
    expect(api.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(api.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });

    for (const name of ['orchestration-worker', 'api']) {
      const pdb = byKind(objects, 'PodDisruptionBudget').find((object) => object.metadata.name === name);
      expect(pdb?.spec?.selector?.matchLabels).toEqual(deployment(objects, name).spec?.selector?.matchLabels);
    }
    const service = byKind(objects, 'Service').find((object) => object.metadata.name === 'api');
    expect(service?.spec?.selector).toEqual(deployment(objects, 'api').spec?.selector?.matchLabels);
  });

  it('bounds every container and runs it as a non-root user that cannot escalate', () => {
    for (const object of byKind(rendered.objects, 'Deployment')) {
      const podSecurity = object.spec!.template!.spec.securityContext;
      expect({ name: object.metadata.name, runAsNonRoot: podSecurity?.runAsNonRoot, rootUser: podSecurity?.runAsUser === 0 }).toEqual({ name: object.metadata.name, runAsNonRoot: true, rootUser: false });
      const { resources, securityContext } = container(object);
      expect(Object.keys(resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    }
  });

  it('runs each hot-path partition as exactly one pod, replaced rather than overlapped, on instruments of its own', () => {
    const partitions = hotPaths(rendered.objects);
    expect(partitions.length).toBeGreaterThan(0);
    for (const partition of partitions) {
      expect(partition.spec?.replicas).toBe(1);
      expect(partition.spec?.strategy?.type).toBe('Recreate');
      expect(container(partition).livenessProbe?.httpGet?.path).toBe('/status');
    }
    const instruments = partitions.flatMap((partition) => (envValue(partition, 'HOT_PATH_INSTRUMENTS') ?? '').split(','));
    expect(instruments.length).toBeGreaterThan(0);
    expect(new Set(instruments).size).toBe(instruments.length);
    const selectors = partitions.map((partition) => JSON.stringify(partition.spec?.selector?.matchLabels));
    expect(new Set(selectors).size).toBe(partitions.length);
  });

  it('gives every process its settings from the rendered ConfigMap and Secret', () => {
    const configMaps = byKind(rendered.objects, 'ConfigMap').map((object) => object.metadata.name);
    for (const object of byKind(rendered.objects, 'Deployment').filter((candidate) => candidate.metadata.name !== 'venue-sim')) {
      const sources = container(object).envFrom ?? [];
      expect(configMaps).toContain(sources.find((source) => source.configMapRef)?.configMapRef?.name);
      expect(sources.find((source) => source.secretRef)?.secretRef?.name).toMatch(/^trade-orchestrator-secrets/);
    }
  });
});

describe('the overlays side by side', () => {
  it('scale the worker out in prod, with more than one hot-path partition, and keep secrets out of prod', async () => {
    const [dev, prod] = [await render('dev'), await render('prod')];
    expect(deployment(prod.objects, 'orchestration-worker').spec?.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment(prod.objects, 'api').spec?.replicas).toBeGreaterThanOrEqual(2);
    expect(hotPaths(prod.objects).length).toBeGreaterThanOrEqual(2);
    expect(byKind(prod.objects, 'Secret')).toEqual([]);
    expect(byKind(dev.objects, 'Secret')).toHaveLength(1);
  });
});
