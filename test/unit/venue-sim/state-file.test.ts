import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimState } from '../../../infra/venue-sim/engine/account-state';
import { createInitialState, DEFAULT_ACCOUNTS } from '../../../infra/venue-sim/engine/initial-state';
import { committedLog, DurableStateWriter, loadState, stateLogFile } from '../../../infra/venue-sim/persistence/state-file';

const START_MS = Date.UTC(2026, 2, 10, 9, 30, 0);
const currentLog = (file: string): string => committedLog(file)!.path;
const logLines = (file: string): number => readFileSync(currentLog(file), 'utf8').split('\n').filter(Boolean).length;

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
    appendFileSync(currentLog(file), `${JSON.stringify(unacknowledged)}\n{"accountId":"${account.id}","kind":"tra`);

    const loaded = loadState(file)!;
    expect(loaded).toEqual(state);
    new DurableStateWriter(file, loaded);
    expect(readFileSync(currentLog(file), 'utf8')).not.toContain('MARKET_ORDER');
    expect(loadState(file)).toEqual(state);
  });

  /** Records a new pending order on the account, and then (when `cancel`) cancels it: two log entries. */
  function placeOrder(account: SimState['accounts'][number], cancel: boolean): void {
    account.lastTransactionId += 1;
    const id = String(account.lastTransactionId);
    account.transactions.push({ id, type: 'LIMIT_ORDER', accountID: account.id });
    account.orders.push({ id, type: 'LIMIT', state: cancel ? 'CANCELLED' : 'PENDING', createTime: '2026-03-10T09:30:00.000000000Z', units: '100' });
  }

  it('compacts every compactEvery entries into a new log generation, deletes the old one, and reloads the same state', () => {
    const writer = new DurableStateWriter(file, state, { compactEvery: 10 });
    const account = state.accounts[0]!;
    const first = committedLog(file)!.generation;
    for (let n = 0; n < 12; n++) {
      placeOrder(account, false);
      writer.save();
    }
    for (const order of account.orders) order.state = 'CANCELLED';
    writer.save();
    expect(committedLog(file)!.generation).toBeGreaterThan(first);
    expect(readdirSync(dir).filter((name) => name.includes('.log.'))).toEqual([`state.json.log.${committedLog(file)!.generation}.jsonl`]);
    expect(loadState(file)).toEqual(state);
    writer.compact();
    // One line per transaction and per order once compacted: no stale versions of the cancelled orders.
    expect(logLines(file)).toBe(state.accounts.reduce((lines, each) => lines + each.transactions.length + each.orders.length + each.trades.length, 0));
    expect(loadState(file)).toEqual(state);
  });

  it('ignores and then removes a next generation a crash left before the state file committed to it', () => {
    new DurableStateWriter(file, state);
    const { generation } = committedLog(file)!;
    writeFileSync(stateLogFile(file, generation + 1), '{"accountId":"x","kind":"transa');
    expect(loadState(file)).toEqual(state);
    new DurableStateWriter(file, loadState(file)!);
    expect(readdirSync(dir).filter((name) => name.includes('.log.'))).toEqual([`state.json.log.${committedLog(file)!.generation}.jsonl`]);
    expect(loadState(file)).toEqual(state);
  });

  it('reads a state file of the previous format (one log and its committed bytes) and moves it to generations', () => {
    const account = state.accounts[0]!;
    placeOrder(account, true);
    const lines = state.accounts.flatMap((each) => [
      ...each.transactions.map((record) => ({ accountId: each.id, kind: 'transaction', record })),
      ...each.orders.map((record) => ({ accountId: each.id, kind: 'order', record })),
    ]).map((entry) => `${JSON.stringify(entry)}\n`).join('');
    writeFileSync(`${file}.log.jsonl`, lines);
    const accounts = state.accounts.map(({ transactions: _t, orders: _o, trades: _tr, ...scalars }) => scalars);
    writeFileSync(file, JSON.stringify({ ...state, version: 2, logBytes: Buffer.byteLength(lines), accounts }));
    expect(loadState(file)).toEqual(state);
    new DurableStateWriter(file, loadState(file)!);
    expect(readdirSync(dir).filter((name) => name.includes('.log.'))).toEqual([`state.json.log.${committedLog(file)!.generation}.jsonl`]);
    expect(loadState(file)).toEqual(state);
  });

  it('reads a format-3 state, saved when every account was in USD, with its …Usd amounts named …Home', () => {
    const account = state.accounts[0]!;
    account.positionTotals.EUR_USD = { long: { plHome: 12.5, financingHome: -0.25 }, short: { plHome: 0, financingHome: 0 } };
    const usdNamed = (value: object) => JSON.parse(JSON.stringify(value).replace(/Home"/g, 'Usd"')) as Record<string, unknown>;
    const log = state.accounts.flatMap((each) => each.transactions.map((record) => `${JSON.stringify({ accountId: each.id, kind: 'transaction', record })}\n`)).join('');
    writeFileSync(stateLogFile(file, 1), log);
    const accounts = state.accounts.map(({ transactions: _t, orders: _o, trades: _tr, ...scalars }) => usdNamed(scalars));
    expect(accounts[0]).toMatchObject({ balanceUsd: 100_000, positionTotals: { EUR_USD: { long: { plUsd: 12.5 } } } });
    writeFileSync(file, JSON.stringify({ ...state, version: 3, log: { generation: 1, bytes: Buffer.byteLength(log) }, accounts }));
    expect(loadState(file)).toEqual(state);
  });
});
