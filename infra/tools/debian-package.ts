import { findExecutableOnPath } from '../temporal/find-executable';
import { runCommand, tailLines } from '../temporal/run-command';

/**
 * The executables of a Debian package, installed with apt-get the first time (the suite runs as root in CI) and
 * skipped when they are all on PATH already. Returns each executable's path, in the order asked.
 */
export async function ensureDebianPackage(packageName: string, executables: readonly string[], log: (line: string) => void): Promise<string[]> {
  const allFound = async () => {
    const found = await Promise.all(executables.map((name) => findExecutableOnPath(name, process.env.PATH)));
    return found.every((path) => path !== undefined) ? (found as string[]) : undefined;
  };
  const found = await allFound();
  if (found) return found;
  log(`installing Debian's ${packageName} package (${executables.join(', ')}) with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', packageName];
  let result = await runCommand('apt-get', install, { env }).catch((error: unknown) => ({ exitCode: -1, output: String(error) }));
  if (result.exitCode !== 0) {
    // A fresh machine has no package lists yet.
    await runCommand('apt-get', ['update'], { env }).catch(() => undefined);
    result = await runCommand('apt-get', install, { env }).catch((error: unknown) => ({ exitCode: -1, output: String(error) }));
  }
  const installed = await allFound();
  if (result.exitCode !== 0 || !installed) {
    throw new Error(`${executables.join(' or ')} is missing and \`apt-get ${install.join(' ')}\` failed (it needs root and Debian's package lists); `
      + `install the ${packageName} package by hand:\n${tailLines(result.output)}`);
  }
  return installed;
}

/** promtool (and prometheus) from Debian's `prometheus` package: the suite checks the config and rules and runs a real server. */
export async function ensurePromtool(log: (line: string) => void): Promise<string> {
  const [promtool] = await ensureDebianPackage('prometheus', ['promtool', 'prometheus'], log);
  return promtool!;
}

/** Debian's chromium, which playwright-core drives in the operator console's browser tests. */
export async function ensureChromium(log: (line: string) => void): Promise<string> {
  const [chromium] = await ensureDebianPackage('chromium', ['chromium'], log);
  return chromium!;
}
