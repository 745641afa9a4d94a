import { projectRoot } from '../paths';
import { findExecutableOnPath, isExecutableFile } from '../temporal/find-executable';
import { pipInstallIntoProjectVenv, projectVenvBin } from '../temporal/python-venv';

/** The api fuzzer the suite runs against the live stack (test/integration/api-fuzz.test.ts), pinned. */
export const SCHEMATHESIS_REQUIREMENT = 'schemathesis==4.32.5';

/** .venv/bin/schemathesis, pip-installed into the project's virtual environment the first time. */
export async function ensureSchemathesis(root = projectRoot(), log: (line: string) => void = () => undefined): Promise<string> {
  const installed = projectVenvBin(root, 'schemathesis');
  if (await isExecutableFile(installed)) return installed;
  const python3Path = await findExecutableOnPath('python3', process.env.PATH);
  if (!python3Path) throw new Error(`the api fuzz test needs ${SCHEMATHESIS_REQUIREMENT}, installed with pip, and python3 is not on PATH`);
  return pipInstallIntoProjectVenv({ projectRoot: root, python3Path, requirement: SCHEMATHESIS_REQUIREMENT, binaryName: 'schemathesis', env: process.env, log });
}

if (require.main === module) {
  ensureSchemathesis(projectRoot(), (line) => process.stdout.write(`[test tools] ${line}\n`)).then(
    (path) => process.stdout.write(`SCHEMATHESIS_PATH=${path}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
