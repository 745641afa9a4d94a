import { join } from 'node:path';
import { projectRoot } from '../paths';

/** Where the built operator console lives (infra/console/build.ts writes it, the api serves it). */
export function consoleDistDir(root = projectRoot()): string {
  return join(root, 'dist', 'console');
}

/** Its source: a Preact app in TypeScript (console/), type-checked by console/tsconfig.json. */
export function consoleSourceDir(root = projectRoot()): string {
  return join(root, 'console');
}
