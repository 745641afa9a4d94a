import { findExecutableOnPath, isExecutableFile } from '../temporal/find-executable';
import { projectRoot } from '../paths';
import { findKustomizeKubectl } from './kubectl-tool';
import { PIP_TOOLS, pipToolPath, type PipToolName } from './pip-tools';

export type TestToolName = PipToolName | 'kubectl' | 'promtool';

/**
 * Where a tool that `node dist/infra/tools/ensure-test-tools.js` installs is; tests call this and fail, naming that
 * command, when it is missing, rather than installing from inside a test or skipping.
 */
export async function installedTestTool(name: TestToolName, root = projectRoot()): Promise<string> {
  const found = await findTool(name, root);
  if (found) return found;
  throw new Error(`${name} is not installed: run \`node dist/infra/tools/ensure-test-tools.js\` (bin/test runs it before jest)`);
}

async function findTool(name: TestToolName, root: string): Promise<string | undefined> {
  if (name === 'kubectl') return findKustomizeKubectl(root);
  if (name === 'promtool') return findExecutableOnPath('promtool', process.env.PATH);
  const path = pipToolPath(root, PIP_TOOLS[name]);
  return (await isExecutableFile(path)) ? path : undefined;
}
