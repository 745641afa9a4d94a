import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../infra/paths';

/** Writes a benchmark's figures to bench/results/<name>.json (committed with the code they measure); returns the path. */
export function recordBenchResults(name: string, results: unknown): string {
  const directory = join(projectRoot(), 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
