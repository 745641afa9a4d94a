import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../infra/paths';
import { entryPointCommand } from '../../infra/process/node-flags';
import { installedTestTool } from '../../infra/tools/installed-tools';
import { runCommand } from '../../infra/temporal/run-command';

jest.setTimeout(60_000);

const root = projectRoot();

interface ComposeService {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  command?: string[];
}
interface ComposeConfig { services: Record<string, ComposeService>; volumes?: Record<string, unknown> }

const APP_SERVICES = ['orchestration-worker', 'api', 'hot-path', 'venue-sim'];
const ALL_SERVICES = ['temporal-postgres', 'temporal-schema', 'temporal', 'temporal-namespace', 'temporal-ui', 'app-postgres', ...APP_SERVICES, 'prometheus', 'grafana'];

/** docker-compose with nothing from this shell's environment, which would override the env file. */
async function compose(args: string[]): Promise<{ exitCode: number | null; output: string }> {
  const dockerCompose = await installedTestTool('docker-compose');
  return runCommand(dockerCompose, ['-f', 'docker-compose.yml', ...args], { cwd: root, env: { PATH: process.env.PATH, HOME: tmpdir() } });
}

async function yamlToJson(python: string, text: string): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'compose-config-'));
  try {
    await writeFile(join(dir, 'config.yml'), text);
    const converted = await runCommand(python, ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)', join(dir, 'config.yml')]);
    if (converted.exitCode !== 0) throw new Error(converted.output);
    return JSON.parse(converted.output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('docker-compose.yml', () => {
  let config: ComposeConfig;

  beforeAll(async () => {
    const rendered = await compose(['--env-file', '.env.example', '--profile', 'sim', 'config']);
    if (rendered.exitCode !== 0) throw new Error(`docker-compose config failed (exit ${rendered.exitCode}):\n${rendered.output}`);
    config = (await yamlToJson(join(dirname(await installedTestTool('docker-compose')), 'python'), rendered.output)) as ComposeConfig;
  });

  it('runs every part of the production layout', () => {
    expect(Object.keys(config.services).sort()).toEqual([...ALL_SERVICES].sort());
    expect(config.services['venue-sim'].profiles).toEqual(['sim']);
    expect(config.services['temporal'].image).toMatch(/^temporalio\/server:\d/);
    expect(config.services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:\d/);
  });

  it('runs each application process from the one image, chosen by its command, listening on every interface', () => {
    const scripts = Object.fromEntries(APP_SERVICES.map((name) => [name, config.services[name].command?.join(' ')]));
    expect(scripts).toEqual({
      'orchestration-worker': entryPointCommand('workers/orchestration').join(' '),
      api: 'node dist/api/main.js',
      'hot-path': 'node dist/workers/hot-path.js',
      'venue-sim': 'node dist/infra/venue-sim/main.js',
    });
    expect(new Set(APP_SERVICES.map((name) => config.services[name].image)).size).toBe(1);
    const hostSetting = { 'orchestration-worker': 'WORKER_METRICS_HOST', api: 'API_HOST', 'hot-path': 'HOT_PATH_METRICS_HOST', 'venue-sim': 'SIM_HOST' };
    for (const [name, variable] of Object.entries(hostSetting)) expect(config.services[name].environment?.[variable]).toBe('0.0.0.0');
  });

  it('health-checks each application process on the port it serves', () => {
    const probed = { 'orchestration-worker': ':9464/health', api: ':8080/ready', 'hot-path': ':9465/status', 'venue-sim': ':8090/sim/health' };
    for (const [name, endpoint] of Object.entries(probed)) expect(config.services[name].healthcheck?.test.join(' ')).toContain(endpoint);
    for (const name of ['temporal-postgres', 'app-postgres', 'temporal', 'prometheus', 'grafana']) expect(config.services[name].healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('starts each process once what it needs is healthy or done', () => {
    for (const name of ['orchestration-worker', 'api', 'hot-path']) {
      expect(config.services[name].depends_on).toEqual({
        'app-postgres': { condition: 'service_healthy' },
        'temporal-namespace': { condition: 'service_completed_successfully' },
      });
    }
    expect(config.services['temporal-schema'].depends_on).toEqual({ 'temporal-postgres': { condition: 'service_healthy' } });
    expect(config.services.temporal.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    expect(config.services['temporal-namespace'].depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
  });

  it('keeps state in named volumes', () => {
    const stateful = { 'temporal-postgres': '/var/lib/postgresql/data', 'app-postgres': '/var/lib/postgresql/data', prometheus: '/prometheus', grafana: '/var/lib/grafana', 'venue-sim': '/app/.data' };
    for (const [name, path] of Object.entries(stateful)) {
      const volume = config.services[name].volumes?.find((mount) => mount.split(':')[1] === path);
      const source = volume?.split(':')[0] ?? '';
      expect(Object.keys(config.volumes ?? {})).toContain(source);
    }
  });

  it('mounts the monitoring configuration read-only from infra/monitoring, where it exists', () => {
    const mounts = [...(config.services.prometheus.volumes ?? []), ...(config.services.grafana.volumes ?? [])].filter((mount) => mount.startsWith('/'));
    expect(mounts.map((mount) => mount.split(':').slice(1).join(':')).sort()).toEqual([
      '/etc/grafana/provisioning/dashboards:ro', '/etc/grafana/provisioning/datasources:ro', '/etc/prometheus:ro', '/var/lib/grafana/dashboards:ro',
    ]);
    for (const mount of mounts) {
      expect(mount.startsWith(join(root, 'infra', 'monitoring'))).toBe(true);
      expect(existsSync(mount.split(':')[0])).toBe(true);
    }
  });

  it('takes every variable it uses from .env.example, and refuses to start without the passwords', async () => {
    const used = new Set([...readFileSync(join(root, 'docker-compose.yml'), 'utf8').matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1]));
    const listed = new Set([...readFileSync(join(root, '.env.example'), 'utf8').matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect([...used].filter((name) => !listed.has(name))).toEqual([]);
    expect([...listed].filter((name) => !used.has(name))).toEqual([]);

    const dir = await mkdtemp(join(tmpdir(), 'compose-env-'));
    await writeFile(join(dir, 'empty.env'), '');
    const withoutSettings = await compose(['--env-file', join(dir, 'empty.env'), 'config']);
    await rm(dir, { recursive: true, force: true });
    expect(withoutSettings.exitCode).not.toBe(0);
    expect(withoutSettings.output).toMatch(/set (APP|TEMPORAL)_POSTGRES_PASSWORD in \.env|set SIM_TOKEN in \.env|set GRAFANA_ADMIN_PASSWORD in \.env/);
  });
});
