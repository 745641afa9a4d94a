import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../infra/async/wait-for';
import { findFreePort } from '../../infra/net/free-port';
import { findExecutableOnPath } from '../../infra/temporal/find-executable';

export interface PrometheusSample { metric: Record<string, string>; value: [number, string] }
export interface PrometheusRule {
  name: string;
  query: string;
  type: 'alerting' | 'recording';
  health: string;
  lastError?: string;
  /** RFC 3339; year 1 until the rule is first evaluated. */
  lastEvaluation: string;
  /** Alerting rules: inactive, pending or firing. */
  state?: string;
}

export interface RunningPrometheus {
  url: string;
  /** An instant query's samples; an error answer throws with Prometheus' message. */
  query(expr: string): Promise<PrometheusSample[]>;
  rules(): Promise<PrometheusRule[]>;
  output(): string;
  stop(): Promise<void>;
}

/** A binary the suite needs, or an error saying how bin/test installs it. */
export async function requireTool(name: string): Promise<string> {
  const path = await findExecutableOnPath(name, process.env.PATH);
  if (!path) throw new Error(`${name} is not on PATH: \`node dist/infra/tools/ensure-test-tools.js\` installs it (Debian package prometheus)`);
  return path;
}

/**
 * The real Prometheus (Debian's package) scraping `targets` (job → host:port) every second and evaluating
 * `ruleFiles` every second, with its data in a temporary directory.
 */
export async function startPrometheus(targets: Record<string, string>, ruleFiles: string[]): Promise<RunningPrometheus> {
  const binary = await requireTool('prometheus');
  const dir = await mkdtemp(join(tmpdir(), 'prometheus-'));
  const config = [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    `rule_files: [${ruleFiles.map((file) => JSON.stringify(file)).join(', ')}]`,
    'scrape_configs:',
    ...Object.entries(targets).map(([job, target]) => `  - { job_name: ${JSON.stringify(job)}, static_configs: [{ targets: [${JSON.stringify(target)}] }] }`),
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), `${config}\n`);
  const url = `http://127.0.0.1:${await findFreePort()}`;
  const child = spawn(binary, [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=${url.slice('http://'.length)}`, '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const api = async <T>(path: string): Promise<T> => {
    const body = (await (await fetch(`${url}${path}`)).json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? body.status}`);
    return body.data;
  };
  await waitFor('Prometheus to be ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), 60_000).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${String(error)}\n${output}`);
  });
  return {
    url,
    query: async (expr) => (await api<{ result: PrometheusSample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    rules: async () => (await api<{ groups: Array<{ rules: PrometheusRule[] }> }>('/api/v1/rules')).groups.flatMap((group) => group.rules),
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
