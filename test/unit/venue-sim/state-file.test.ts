import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimState } from '../../../infra/venue-sim/engine/account-state';
import { createInitialState, DEFAULT_ACCOUNTS } from '../../../infra/venue-sim/engine/initial-state';
import { DurableStateWriter, loadState, stateLogFile } from '../../../infra/venue-sim/persistence/state-file';

const START_MS = Date.UTC(2026, 2, 10, 9, 30, 0);
const logLines = (file: string): number => readFileSync(stateLogFile(file), 'utf8').split('\n').filter(Boolean).length;

describe('durable state file', () => {
  let dir: string;
  let file: string;
  let state: SimState;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sim-state-'));
    file = path.join(dir, 'state.json');
    state = createInitialState(3, START_MS - 86_400_000, DEFAULT_ACCOUNTS, START_MS);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('logs only what changed, stops looking at an order once it is final, and reloads exactly the saved state', () => {
    const writer = new DurableStateWriter(file, state);
    const account = state.accounts[0]!;
    const initialLines = logLines(file);
    account.lastTransactionId += 1;
    const id = String(account.lastTransactionId);
    account.transactions.push({ id, type: 'LIMIT_ORDER', accountID: account.id });
    account.orders.push({ id, type: 'LIMIT', state: 'PENDING', createTime: '2026-03-10T09:30:00.000000000Z', units: '100' });
    writer.save();
    writer.save();
    expect(logLines(file)).toBe(initialLines + 2);

    account.orders[0]!.state = 'CANCELLED';
    writer.save();
    expect(logLines(file)).toBe(initialLines + 3);
    // Final: a later change would be a bug in the engine, and the writer no longer serializes it.
    account.orders[0]!.cancelledTime = 'later';
    writer.save();
    expect(logLines(file)).toBe(initialLines + 3);
    delete account.orders[0]!.cancelledTime;

    expect(JSON.parse(readFileSync(file, 'utf8')).accounts[0].orders).toBeUndefined();
    expect(loadState(file)).toEqual(state);
  });

  it('ignores log bytes a crash left after the last commit, and compacts them away on the next start', () => {
    new DurableStateWriter(file, state);
    const account = state.accounts[1]!;
    const unacknowledged = { accountId: account.id, kind: 'transaction', record: { id: String(account.lastTransactionId + 1), type: 'MARKET_ORDER' } };
    appendFileSync(stateLogFile(file), `${JSON.stringify(unacknowledged)}\n{"accountId":"${account.id}","kind":"tra`);

    const loaded = loadState(file)!;
    expect(loaded).toEqual(state);
    new DurableStateWriter(file, loaded);
    expect(readFileSync(stateLogFile(file), 'utf8')).not.toContain('MARKET_ORDER');
    expect(loadState(file)).toEqual(state);
  });
});
