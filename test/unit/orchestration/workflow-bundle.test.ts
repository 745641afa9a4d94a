import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshWorkflowBundle } from '../../../infra/orchestration/workflow-bundle';

/** The worker must never run a bundle older than the build: it would run workflow code that is not the code built. */
describe('freshWorkflowBundle', () => {
  let dist: string;
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
  const file = (relative: string, seconds: number) => {
    const path = join(dist, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '// compiled');
    at(path, seconds);
    return path;
  };

  beforeEach(() => {
    dist = mkdtempSync(join(tmpdir(), 'bundle-freshness-'));
  });
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  it('is the bundle when it is newer than every compiled file, including nested ones', () => {
    file('workflows/index.js', 1_000);
    file('domain/risk/trading-state.js', 1_500);
    const bundle = file('workflow-bundle.js', 2_000);
    expect(freshWorkflowBundle(dist)).toBe(bundle);
  });

  it('is undefined once any compiled file is newer than the bundle, or when there is no bundle', () => {
    expect(freshWorkflowBundle(dist)).toBeUndefined();
    file('workflow-bundle.js', 2_000);
    file('domain/risk/trading-state.js', 2_001);
    expect(freshWorkflowBundle(dist)).toBeUndefined();
  });

  it('counts compiled JavaScript only, not source maps or the build info', () => {
    const bundle = file('workflow-bundle.js', 2_000);
    file('workflows/index.js.map', 3_000);
    file('.tsbuildinfo', 3_000);
    expect(freshWorkflowBundle(dist)).toBe(bundle);
  });
});
