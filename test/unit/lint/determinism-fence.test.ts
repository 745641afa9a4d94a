import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../../infra/paths';

jest.setTimeout(120_000);

interface LintMessage {
  ruleId: string | null;
  line: number;
  fatal?: boolean;
  message: string;
}

/**
 * The lint fence is what keeps workflow code deterministic and domain code pure; these tests show it bites. Each
 * snippet goes to the real eslint CLI on stdin under the name of an existing file in the folder (type-aware rules
 * need a file of the project).
 */
async function restrictedImportLines(code: string, file: string): Promise<number[]> {
  const eslint = join(projectRoot(), 'node_modules', '.bin', 'eslint');
  const run = promisify(execFile)(eslint, ['--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: projectRoot() });
  run.child.stdin!.end(code);
  const { stdout } = await run.catch((error: { stdout: string }) => ({ stdout: error.stdout })); // exit 1 when it finds errors
  const [result] = JSON.parse(stdout) as Array<{ messages: LintMessage[] }>;
  // A snippet eslint could not parse has no rule findings: that must fail the test, not pass it.
  const fatal = result!.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`eslint could not lint the snippet: ${fatal.message}`);
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.line);
}

const snippet = (imports: string[]) => `${imports.join('\n')}\nexport const used = [${imports.map((line) => line.match(/import (?:\{ )?(\w+)/)![1]).join(', ')}];\n`;

describe('the determinism fence (eslint no-restricted-imports)', () => {
  it('refuses Node built-ins, I/O libraries, the Temporal client, infra/ and value imports of activities/ in workflows/', async () => {
    const imports = [
      "import { readFile } from 'node:fs';",
      "import { createHash } from 'crypto';",
      "import { Pool } from 'pg';",
      "import { eq } from 'drizzle-orm';",
      "import express from 'express';",
      "import { Counter } from 'prom-client';",
      "import { Connection } from '@temporalio/client';",
      "import { loadConfig } from '../infra/config';",
      "import { createActivities } from '../activities';",
    ];
    expect(await restrictedImportLines(snippet(imports), 'workflows/health-check.ts')).toEqual(imports.map((_, i) => i + 1));
  });

  it('allows type-only imports from activities/ and the deterministic domain in workflows/', async () => {
    const code = "import type { HealthActivities } from '../activities/health/health-activities';\nimport { overallStatus } from '../domain/health';\nexport type A = HealthActivities;\nexport const f = overallStatus;\n";
    expect(await restrictedImportLines(code, 'workflows/health-check.ts')).toEqual([]);
  });

  it('refuses I/O and anything outside domain/ in domain/', async () => {
    const imports = [
      "import { readFileSync } from 'fs';",
      "import { projectRoot } from '../infra/paths';",
      "import { Context } from '@temporalio/activity';",
      "import { Pool } from 'pg';",
    ];
    expect(await restrictedImportLines(snippet(imports), 'domain/health.ts')).toEqual(imports.map((_, i) => i + 1));
  });
});
