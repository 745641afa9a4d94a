import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest directory at or above `startDir` holding package.json; works from both the sources and dist/. */
export function findProjectRoot(startDir: string): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json found at or above ${startDir}`);
  }
}
