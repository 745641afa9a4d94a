import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInitialState, DEFAULT_ACCOUNTS } from '../../infra/venue-sim/engine/initial-state';
import { DurableStateWriter, loadState } from '../../infra/venue-sim/persistence/state-file';
import { projectRoot } from '../../infra/paths';

jest.setTimeout(120_000);

const START_MS = Date.UTC(2026, 2, 10, 9, 30, 0);
const FILE_CALLS = ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'readdirSync', 'rmSync'];

/**
 * Starts a real process that loads the state and compacts it (as the simulator does at start), and has it SIGKILL
 * itself as it makes its `killAt`-th file-system call of the compaction: writing the new log, committing the state
 * file to it, deleting the old one. Resolves with the signal it ended by: none once `killAt` is past the last call.
 */
function compactUntilKilled(file: string, killAt: number): Promise<NodeJS.Signals | null> {
  const stateFile = path.join(projectRoot(), 'dist', 'infra', 'venue-sim', 'persistence', 'state-file.js');
  const script = `
    const fs = require('node:fs');
    const { DurableStateWriter, loadState } = require(${JSON.stringify(stateFile)});
    const state = loadState(${JSON.stringify(file)});
    let calls = 0;
    for (const name of ${JSON.stringify(FILE_CALLS)}) {
      const call = fs[name];
      fs[name] = (...args) => {
        if (++calls === ${killAt}) process.kill(process.pid, 'SIGKILL');
        return call(...args);
      };
    }
    new DurableStateWriter(${JSON.stringify(file)}, state);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

describe('venue simulator state compaction', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loses nothing when killed -9 at any step of a compaction', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sim-compaction-'));
    const file = path.join(dir, 'state.json');
    const state = createInitialState(5, START_MS - 86_400_000, DEFAULT_ACCOUNTS, START_MS);
    const account = state.accounts[0]!;
    for (let n = 0; n < 500; n++) {
      account.lastTransactionId += 1;
      const id = String(account.lastTransactionId);
      account.transactions.push({ id, type: 'LIMIT_ORDER', accountID: account.id, reason: 'CLIENT_ORDER' });
      account.orders.push({ id, type: 'LIMIT', state: n % 2 ? 'CANCELLED' : 'PENDING', createTime: '2026-03-10T09:30:00.000000000Z', units: String(n + 1) });
    }
    new DurableStateWriter(file, state);
    const saved = loadState(file);
    expect(saved).toEqual(state);

    let killAt = 1;
    while (await compactUntilKilled(file, killAt) === 'SIGKILL') {
      expect(loadState(file)).toEqual(saved);
      killAt++;
    }
    // Every step was a kill point: the log's temp file, its rename, the state file's, and the old log's deletion.
    expect(killAt).toBeGreaterThan(10);
    expect(loadState(file)).toEqual(saved);
    expect(readdirSync(dir).filter((name) => name !== 'state.json')).toEqual([expect.stringMatching(/^state\.json\.log\.\d+\.jsonl$/)]);
  });
});
