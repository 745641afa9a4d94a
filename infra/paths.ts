import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The checkout root (the folder with package.json), found the same way from source (ts) and from dist/ (js). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Runtime state (embedded Postgres, Temporal's SQLite file, simulator state, logs): `.data/` unless DATA_DIR says otherwise. */
export function dataDir(configured?: string): string {
  return resolve(projectRoot(), configured ?? '.data');
}
