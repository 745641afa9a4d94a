import { spawnEntryPoint, type RunningEntryPoint } from '../../infra/process/entry-point';

export interface RunningProcess extends RunningEntryPoint {
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

/**
 * Runs one of the compiled entry points (e.g. 'workers/orchestration') as a real process, as `bin/start` does;
 * `bin/test` builds before it runs jest.
 */
export function startEntryPoint(name: string, entryPoint: string, env: Record<string, string>): RunningProcess {
  let output = '';
  const running = spawnEntryPoint(name, entryPoint, {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env,
  }, (line) => (output += `${line}\n`));
  return { ...running, output: () => output };
}
