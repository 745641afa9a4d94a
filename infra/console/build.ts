import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../paths';
import { consoleDistDir, consoleSourceDir } from './console-files';

/**
 * `node dist/infra/console/build.js`, run by bin/setup: bundles the operator console (Preact, uPlot and our code, with
 * uPlot's stylesheet) into dist/console/ so the api serves it with nothing fetched from a CDN at run time.
 */
export async function buildConsole(root = projectRoot()): Promise<string> {
  const source = consoleSourceDir(root);
  const out = consoleDistDir(root);
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: { app: join(source, 'src', 'main.tsx') },
    outdir: out,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  await copyFile(join(source, 'index.html'), join(out, 'index.html'));
  return out;
}

if (require.main === module) {
  buildConsole().then(
    (out) => process.stdout.write(`operator console built into ${out}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
