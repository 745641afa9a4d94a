import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../paths';
import { NODE_FLAGS } from './node-flags';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningEntryPoint {
  name: string;
  child: ChildProcess;
  exited: Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL if it has not exited after graceMs. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

/**
 * Runs a compiled entry point (e.g. 'workers/orchestration' → dist/workers/orchestration.js) as a child process,
 * handing each line it writes to `onLine`. In its own process group, a terminal's Ctrl-C reaches only the parent,
 * which can then stop its children in order.
 */
export function spawnEntryPoint(
  name: string,
  entryPoint: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string, stream: 'stdout' | 'stderr') => void,
  options: { ownProcessGroup?: boolean } = {},
): RunningEntryPoint {
  const script = join(projectRoot(), 'dist', `${entryPoint}.js`);
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [...(NODE_FLAGS[entryPoint] ?? []), script], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.ownProcessGroup ?? false });
  createInterface({ input: child.stdout! }).on('line', (line) => onLine(line, 'stdout'));
  createInterface({ input: child.stderr! }).on('line', (line) => onLine(line, 'stderr'));
  const exited = new Promise<ExitStatus>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    name,
    child,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}
