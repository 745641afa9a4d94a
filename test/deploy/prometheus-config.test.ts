import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../infra/paths';
import { requireTool } from '../helpers/prometheus';

const run = promisify(execFile);
const PROMETHEUS_DIR = join(projectRoot(), 'infra', 'monitoring', 'prometheus');

/** promtool's exit status and everything it said, for the failure message. */
async function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  const binary = await requireTool('promtool');
  return run(binary, args, { cwd: PROMETHEUS_DIR }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
}

describe('the Prometheus config and alert rules compose ships', () => {
  it('passes promtool check config (which checks the rule file it names too)', async () => {
    const result = await promtool('check', 'config', 'prometheus.yml');
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('passes promtool check rules, with no lint findings', async () => {
    expect(await promtool('check', 'rules', '--lint=all', '--lint-fatal', 'alerts.yml')).toMatchObject({ code: 0 });
  });

  it('fires the alerts that need arithmetic when they should, and not before (promtool test rules)', async () => {
    const result = await promtool('test', 'rules', 'alerts.test.yml');
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });
});
