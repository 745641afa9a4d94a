import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type AppConfig, loadConfig } from '../../infra/config';
import { type RunningStack, startStack } from '../../infra/dev-stack/stack';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';

/**
 * bin/start's whole stack for a benchmark: every port a free one, state under .data/<label> (removed by stop()).
 * `settings` are set in this process's environment, which the stack's processes take theirs from, as under bin/start;
 * `clearing` names settings an earlier run set that this one must not inherit.
 */
export async function startBenchStack(label: string, settings: Record<string, string> = {}, clearing: readonly string[] = []): Promise<{ stack: RunningStack; config: AppConfig; stop(): Promise<void> }> {
  const dataDir = join(projectRoot(), '.data', label);
  const [api, temporal, ui, sim, metrics, postgres, hotPath] = await Promise.all(Array.from({ length: 7 }, () => findFreePort()));
  for (const name of clearing) delete process.env[name];
  Object.assign(process.env, {
    DATA_DIR: dataDir, DATABASE_URL: '', API_PORT: String(api), TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
    TEMPORAL_UI_URL: `http://127.0.0.1:${ui}`, BROKER_URL: `http://127.0.0.1:${sim}`, WORKER_METRICS_PORT: String(metrics),
    EMBEDDED_PG_PORT: String(postgres), HOT_PATH_METRICS_PORT: String(hotPath), LOG_LEVEL: 'warn', ...settings,
  });
  const config = loadConfig();
  const stack = await startStack(config, () => undefined);
  return {
    stack,
    config,
    async stop() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A process's resident memory in MB, from the Prometheus text its /metrics serves. */
export async function residentMb(metricsUrl: string, headers: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(metricsUrl, { headers })).text();
  const line = text.split('\n').find((entry) => entry.startsWith('process_resident_memory_bytes'));
  if (!line) throw new Error(`no process_resident_memory_bytes at ${metricsUrl}`);
  return Number(line.split(' ').at(-1)) / 2 ** 20;
}
