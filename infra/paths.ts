import { resolve } from 'node:path';
import { findProjectRoot } from './project-root';

/** The checkout root (the folder with package.json), the same from source (ts) and from dist/ (js). */
export function projectRoot(): string {
  return findProjectRoot(__dirname);
}

/** Runtime state (embedded Postgres, Temporal's SQLite file, simulator state, logs): `.data/` unless DATA_DIR says otherwise. */
export function dataDir(configured?: string): string {
  return resolve(projectRoot(), configured ?? '.data');
}
