import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { Client } from 'pg';
import { waitFor } from '../../infra/async/wait-for';
import { APP_ROLE } from '../../infra/db/embedded-postgres';
import { readCredentials } from '../../infra/db/embedded-postgres-credentials';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';

jest.setTimeout(240_000);

/**
 * What `bin/start` runs (after setup): the launcher brings up embedded Postgres, Temporal with its Web UI, the
 * venue simulator, the worker and the api, seeds the account, runs a health check, and on Ctrl-C stops it all.
 * Every port is a free one and the state goes to a data dir of its own, so it runs beside anything else.
 */
describe('the dev stack launcher (bin/start)', () => {
  it('brings every part up (the hot path too, on the simulator), seeds the account and default parameters, runs a health check and an analysis-to-trade, and stops cleanly on Ctrl-C', async () => {
    const dataDir = join(projectRoot(), '.data', `stack-test-${randomBytes(3).toString('hex')}`);
    const [api, temporal, ui, sim, metrics, postgres, hotPath] = await Promise.all(Array.from({ length: 7 }, () => findFreePort()));
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      API_PORT: String(api),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
      TEMPORAL_UI_URL: `http://127.0.0.1:${ui}`,
      BROKER_URL: `http://127.0.0.1:${sim}`,
      WORKER_METRICS_PORT: String(metrics),
      EMBEDDED_PG_PORT: String(postgres),
      HOT_PATH_METRICS_PORT: String(hotPath),
      DATABASE_URL: '',
    };
    const launcher = spawn(process.execPath, [join(projectRoot(), 'dist', 'infra', 'dev-stack', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    launcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.on('exit', (code) => resolve(code)));

    try {
      await waitFor('the stack to come up', async () => (output.includes('The stack is up') ? true : undefined), 180_000, 500);
      expect(output).toMatch(/broker\s+healthy/);
      expect(output).toMatch(/postgres\s+healthy/);
      expect(output).toMatch(/temporal\s+healthy/);
      expect(output).toContain(`health check started: http://127.0.0.1:${ui}/namespaces/default/workflows/health-check-api-`);
      expect(output).toMatch(/analysis-to-trade \(execute\): (executed|partially_executed|no_signal|risk_rejected|market_closed)/);
      expect(output).toMatch(/EUR_USD\s+\w+/);

      expect((await fetch(`http://127.0.0.1:${api}/ready`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${ui}/`)).status).toBe(200);
      // The operator console: its URL and the key to sign in with are printed, and the page and its script are served.
      const printedKey = /operator console http:\/\/127\.0\.0\.1:\d+\/ +\(sign in with the admin key (tok_\S+), kept in /.exec(output)?.[1];
      expect(printedKey).toBe((await readFile(join(dataDir, 'api-key'), 'utf8')).trim());
      const page = await fetch(`http://127.0.0.1:${api}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module" src="/console/app.js"></script>');
      expect((await fetch(`http://127.0.0.1:${api}/console/app.js`)).headers.get('content-type')).toMatch(/javascript/);
      expect(output).toContain('hot path trades ma-crossover version 1');
      const hotPathStatus = await waitFor('the hot path to reconcile', async () => {
        const status = (await (await fetch(`http://127.0.0.1:${hotPath}/status`)).json()) as { reconciled: boolean };
        return status.reconciled ? status : undefined;
      }, 60_000);
      expect(hotPathStatus).toMatchObject({ reconciled: true });

      const temporalConnection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
      try {
        const { config } = await temporalConnection.workflowService.describeNamespace({ namespace: 'default' });
        expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(72 * 3600);
      } finally {
        await temporalConnection.close();
      }

      const credentials = await readCredentials(join(dataDir, 'postgres'));
      expect(credentials).toBeDefined();
      const db = new Client({ host: '127.0.0.1', port: postgres, user: APP_ROLE, password: credentials?.appPassword, database: 'trade_orchestrator' });
      await db.connect();
      try {
        const accounts = (await db.query('select id, venue, opening_balance from accounts')).rows;
        expect(accounts).toEqual([{ id: '101-001-0000001-001', venue: 'sim', opening_balance: '100000' }]);
      } finally {
        await db.end();
      }
    } finally {
      launcher.kill('SIGINT');
      const code = await exited;
      await rm(dataDir, { recursive: true, force: true });
      if (code !== 0) console.log(output.split('\n').slice(-30).join('\n'));
      expect(code).toBe(0);
    }
    expect(output).toContain('stopping postgres');
    expect(output.trimEnd().endsWith('stopped')).toBe(true);
  });
});
