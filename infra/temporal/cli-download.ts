import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isExecutableFile } from './find-executable';
import { runCommand, tailLines } from './run-command';

/** Fetches `url` into `destinationFile`; injected so tests exercise the install path without a network. */
export type DownloadArchive = (url: string, destinationFile: string) => Promise<void>;

const CDN_PLATFORMS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin' };
const CDN_ARCHES: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** Temporal's official CLI archive on its CDN, for Node's `process.platform` / `process.arch` names. */
export function temporalCliArchiveUrl(platform: NodeJS.Platform, arch: string, version: string): string {
  const cdnPlatform = CDN_PLATFORMS[platform];
  const cdnArch = CDN_ARCHES[arch];
  if (cdnPlatform === undefined || cdnArch === undefined) {
    throw new Error(`No Temporal CLI download for ${platform}/${arch}: supported are linux and darwin on x64 or arm64`);
  }
  return `https://temporal.download/cli/archive/v${version}?platform=${cdnPlatform}&arch=${cdnArch}&format=tar.gz`;
}

export function downloadedCliPath(projectRoot: string): string {
  return join(projectRoot, '.data', 'bin', 'temporal');
}

export const downloadWithFetch: DownloadArchive = async (url, destinationFile) => {
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  await writeFile(destinationFile, Buffer.from(await response.arrayBuffer()));
};

export interface CliDownload {
  projectRoot: string;
  url: string;
  downloadArchive: DownloadArchive;
  log: (message: string) => void;
}

/** Downloads and unpacks the CLI into .data/bin/temporal; the rename at the end means a half-written binary is never found. */
export async function downloadTemporalCli({ projectRoot, url, downloadArchive, log }: CliDownload): Promise<string> {
  const binDir = join(projectRoot, '.data', 'bin');
  await mkdir(binDir, { recursive: true });
  const workDir = await mkdtemp(join(binDir, 'download-'));
  try {
    const archiveFile = join(workDir, 'temporal.tar.gz');
    log(`Downloading the Temporal CLI from ${url}`);
    await downloadArchive(url, archiveFile);
    const untar = await runCommand('tar', ['-xzf', archiveFile, '-C', workDir, 'temporal']);
    if (untar.exitCode !== 0) throw new Error(`Could not unpack the Temporal CLI archive from ${url}:\n${tailLines(untar.output)}`);
    const unpacked = join(workDir, 'temporal');
    if (!(await isExecutableFile(unpacked))) throw new Error(`The archive from ${url} has no executable named temporal`);
    const target = downloadedCliPath(projectRoot);
    await rename(unpacked, target);
    log(`Temporal CLI ready at ${target}`);
    return target;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
