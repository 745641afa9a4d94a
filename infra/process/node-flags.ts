/**
 * V8 flags an entry point runs with, wherever it runs (bin/start, the tests, docker-compose, Kubernetes). The worker's
 * bound its memory: by default V8 sizes a heap for this machine's memory, and under 9 analysis-to-trade runs a second
 * the worker then held 370–420 MB resident; with these, 265–290 MB at the same throughput (`npm run
 * bench:worker-load`). 256 MB of old space is still many times what a research activity's candles and trials need.
 */
export const NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  'workers/orchestration': ['--max-old-space-size=256', '--max-semi-space-size=4'],
};

/** The command that runs a compiled entry point (e.g. 'workers/orchestration'), as the deployment files spell it. */
export function entryPointCommand(entryPoint: string): string[] {
  return ['node', ...(NODE_FLAGS[entryPoint] ?? []), `dist/${entryPoint}.js`];
}
