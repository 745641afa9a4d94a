import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFile } from 'node:fs/promises';
import { projectRoot } from '../paths';

const BUNDLE_NAME = 'workflow-bundle.js';
/** Workflow interceptors every orchestration worker runs, bundled with the workflows. */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../../workflows/outcome-interceptor')];

/** Where bin/setup leaves the workflow bundle the orchestration worker loads instead of bundling at every start. */
export const WORKFLOW_BUNDLE_FILE = join(projectRoot(), 'dist', BUNDLE_NAME);

/** The newest modification time of the compiled JavaScript under `directory` (the bundle itself aside). */
function newestCompiledMs(directory: string, bundle: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestCompiledMs(path, bundle));
    else if (entry.name.endsWith('.js') && path !== bundle) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The prebuilt bundle in `distDir`, when it is newer than every compiled file there (so it holds the workflow code the
 * build just made); undefined when it is missing or older, and the worker bundles the workflows itself.
 */
export function freshWorkflowBundle(distDir = join(projectRoot(), 'dist')): string | undefined {
  const bundle = join(distDir, BUNDLE_NAME);
  if (!existsSync(bundle)) return undefined;
  return statSync(bundle).mtimeMs >= newestCompiledMs(distDir, bundle) ? bundle : undefined;
}

/** Bundles the compiled workflows into WORKFLOW_BUNDLE_FILE unless a fresh one is there; says which it did. */
export async function ensureWorkflowBundle(): Promise<'fresh' | 'built'> {
  if (freshWorkflowBundle()) return 'fresh';
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error, log: () => undefined },
  });
  await writeFile(WORKFLOW_BUNDLE_FILE, code);
  return 'built';
}
