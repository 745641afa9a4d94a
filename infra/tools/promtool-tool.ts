import { findExecutableOnPath } from '../temporal/find-executable';
import { runCommand, tailLines } from '../temporal/run-command';

/** promtool (and prometheus) from Debian's `prometheus` package: the suite checks the config and rules and runs a real server. */
export async function ensurePromtool(log: (line: string) => void): Promise<string> {
  const bothFound = async () => {
    const [promtool, prometheus] = await Promise.all(['promtool', 'prometheus'].map((name) => findExecutableOnPath(name, process.env.PATH)));
    return prometheus ? promtool : undefined;
  };
  const found = await bothFound();
  if (found) return found;
  log('installing Debian\'s prometheus package (promtool, prometheus) with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', 'prometheus'];
  let result = await runCommand('apt-get', install, { env }).catch((error: unknown) => ({ exitCode: -1, output: String(error) }));
  if (result.exitCode !== 0) {
    // A fresh machine has no package lists yet.
    await runCommand('apt-get', ['update'], { env }).catch(() => undefined);
    result = await runCommand('apt-get', install, { env }).catch((error: unknown) => ({ exitCode: -1, output: String(error) }));
  }
  const installed = await bothFound();
  if (result.exitCode !== 0 || !installed) {
    throw new Error(`promtool or prometheus is missing and \`apt-get ${install.join(' ')}\` failed (it needs root and Debian's package lists); `
      + `install the prometheus package by hand:\n${tailLines(result.output)}`);
  }
  return installed;
}
