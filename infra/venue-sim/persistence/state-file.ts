/**
 * Durable simulator state, saved before a state-changing request is answered: an acknowledged order must survive a
 * crash, or a retry would place it again. Each save stays cheap as the history grows:
 * - `<file>.log.jsonl` gets only what changed: new transactions, and orders and trades as they are created or
 *   change. Filled or cancelled orders and closed trades never change again, so they are written for the last time
 *   when they get there and never looked at again.
 * - `<file>` (temp file + fsync + rename) holds the account scalars and how many bytes of the log are committed.
 *   It is the commit point: log bytes beyond that count (appended just before a crash) are ignored on load.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AccountRecord, SimState, TradeRecord, WireObject, WireOrder } from '../engine/account-state';

type AccountScalars = Omit<AccountRecord, 'transactions' | 'orders' | 'trades'>;

/** Format 2 is this one; format 1 (older files) held everything inline and is still read. */
type StoredSnapshot =
  | SimState
  | (Omit<SimState, 'version' | 'accounts'> & { version: 2; logBytes: number; accounts: AccountScalars[] });

type LogEntry =
  | { accountId: string; kind: 'transaction'; record: WireObject }
  | { accountId: string; kind: 'order'; record: WireOrder }
  | { accountId: string; kind: 'trade'; record: TradeRecord };

export const stateLogFile = (file: string): string => `${file}.log.jsonl`;

export function loadState(file: string): SimState | undefined {
  if (!existsSync(file)) return undefined;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as StoredSnapshot;
  if (snapshot.version === 1) return snapshot;
  if (snapshot.version !== 2) throw new Error(`state file ${file} has version ${String((snapshot as { version: unknown }).version)}, expected 1 or 2`);
  const latest = new Map<string, LogEntry>();
  for (const line of readCommitted(stateLogFile(file), snapshot.logBytes).split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line) as LogEntry;
    latest.set(`${entry.accountId} ${entry.kind} ${String(entry.record.id)}`, entry);
  }
  const records = (accountId: string, kind: LogEntry['kind']) => [...latest.values()]
    .filter((entry) => entry.accountId === accountId && entry.kind === kind)
    .map((entry) => entry.record)
    .sort((a, b) => Number(a.id) - Number(b.id));
  const { logBytes: _committed, ...state } = snapshot;
  return {
    ...state,
    version: 1,
    accounts: snapshot.accounts.map((account) => ({
      ...account,
      transactions: records(account.id, 'transaction') as WireObject[],
      orders: records(account.id, 'order') as WireOrder[],
      trades: records(account.id, 'trade') as TradeRecord[],
    })),
  };
}

/** Saves synchronously and durably; call save() after each change, before the change is acknowledged. */
export class DurableStateWriter {
  private logBytes = 0;
  /** Per account, how many of its transactions the log holds. */
  private readonly loggedTransactions = new Map<string, number>();
  /** What the log last holds for each order or trade that can still change. */
  private readonly lastWritten = new Map<object, string>();
  /** Orders and trades in their final state, already logged. */
  private readonly final = new WeakSet<object>();

  constructor(private readonly file: string, private readonly state: SimState) {
    mkdirSync(dirname(file), { recursive: true });
    // A fresh, compacted log: drops whatever a crash left beyond the last commit.
    const lines = this.changedLines();
    writeDurably(stateLogFile(file), lines);
    this.logBytes = Buffer.byteLength(lines);
    this.commit();
  }

  save(): void {
    const lines = this.changedLines();
    if (lines !== '') {
      appendDurably(stateLogFile(this.file), lines);
      this.logBytes += Buffer.byteLength(lines);
    }
    this.commit();
  }

  private changedLines(): string {
    const lines: string[] = [];
    for (const account of this.state.accounts) {
      const accountId = account.id;
      for (const record of account.transactions.slice(this.loggedTransactions.get(accountId) ?? 0)) {
        lines.push(JSON.stringify({ accountId, kind: 'transaction', record } satisfies LogEntry));
      }
      this.loggedTransactions.set(accountId, account.transactions.length);
      for (const record of account.orders) this.logIfChanged(lines, { accountId, kind: 'order', record }, record.state !== 'PENDING');
      for (const record of account.trades) this.logIfChanged(lines, { accountId, kind: 'trade', record }, record.currentUnits === 0);
    }
    return lines.map((line) => `${line}\n`).join('');
  }

  private logIfChanged(lines: string[], entry: LogEntry, isFinal: boolean): void {
    if (this.final.has(entry.record)) return;
    const line = JSON.stringify(entry);
    if (this.lastWritten.get(entry.record) !== line) lines.push(line);
    if (isFinal) {
      this.final.add(entry.record);
      this.lastWritten.delete(entry.record);
    } else {
      this.lastWritten.set(entry.record, line);
    }
  }

  private commit(): void {
    const accounts = this.state.accounts.map(({ transactions: _t, orders: _o, trades: _tr, ...scalars }) => scalars);
    const snapshot: StoredSnapshot = { ...this.state, version: 2, logBytes: this.logBytes, accounts };
    writeDurably(this.file, JSON.stringify(snapshot));
  }
}

function readCommitted(file: string, bytes: number): string {
  if (bytes === 0) return '';
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, bytes, 0);
    if (read < bytes) throw new Error(`state log ${file} holds ${read} bytes, but its snapshot committed ${bytes}`);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

function appendDurably(file: string, text: string): void {
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Temp file + fsync + rename + directory fsync: a crash leaves either the old or the new content, never a mix. */
function writeDurably(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  const directory = openSync(dirname(file), 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}
