/**
 * Durable simulator state, saved before a state-changing request is answered: an acknowledged order must survive a
 * crash, or a retry would place it again. Each save stays cheap as the history grows:
 * - a log (`<file>.log.<generation>.jsonl`) gets only what changed: new transactions, and orders and trades as they
 *   are created or change. Filled or cancelled orders and closed trades never change again, so they are written for
 *   the last time when they get there and never looked at again.
 * - `<file>` (temp file + fsync + rename) holds the account scalars, which log generation is current and how many of
 *   its bytes are committed. It is the commit point: log bytes beyond that count (appended just before a crash) are
 *   ignored on load.
 * Compaction writes the whole state as the next generation's log, commits `<file>` to it, and only then deletes the
 * older logs (and any temp file a crash left): a crash at any step leaves `<file>` naming a complete log. It runs at start, every `compactEvery` log
 * entries and on close, so a start reads the current records once each rather than every version of them.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AccountRecord, SimState, TradeRecord, WireObject, WireOrder } from '../engine/account-state';
import { forgetOldHistory } from '../engine/history-window';

type AccountScalars = Omit<AccountRecord, 'transactions' | 'orders' | 'trades'>;

/**
 * Format 4 is this one. Format 3 (the same, from when every account was in USD and amounts were named …Usd), format 2
 * (one log, `<file>.log.jsonl`, and its committed bytes) and format 1 (everything inline) are still read.
 */
type StoredSnapshot =
  | SimState
  | (Omit<SimState, 'version' | 'accounts'> & { version: 2; logBytes: number; accounts: AccountScalars[] })
  | (Omit<SimState, 'version' | 'accounts'> & { version: 3 | 4; log: { generation: number; bytes: number }; accounts: AccountScalars[] });

type LogEntry =
  | { accountId: string; kind: 'transaction'; record: WireObject }
  | { accountId: string; kind: 'order'; record: WireOrder }
  | { accountId: string; kind: 'trade'; record: TradeRecord };

export const stateLogFile = (file: string, generation: number): string => `${file}.log.${generation}.jsonl`;
const legacyLogFile = (file: string): string => `${file}.log.jsonl`;

/** The log generation `file` commits to and its committed bytes; none before the first save. */
export function committedLog(file: string): { path: string; generation: number; bytes: number } | undefined {
  if (!existsSync(file)) return undefined;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as StoredSnapshot;
  if (snapshot.version === 3 || snapshot.version === 4) return { path: stateLogFile(file, snapshot.log.generation), ...snapshot.log };
  if (snapshot.version === 2) return { path: legacyLogFile(file), generation: 0, bytes: snapshot.logBytes };
  return undefined;
}

export function loadState(file: string): SimState | undefined {
  if (!existsSync(file)) return undefined;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as StoredSnapshot;
  if (snapshot.version === 1) return withHomeNames(snapshot);
  if (snapshot.version !== 2 && snapshot.version !== 3 && snapshot.version !== 4) throw new Error(`state file ${file} has version ${String((snapshot as { version: unknown }).version)}, expected 1 to 4`);
  const log = committedLog(file)!;
  const latest = new Map<string, LogEntry>();
  for (const line of readCommitted(log.path, log.bytes).split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line) as LogEntry;
    latest.set(`${entry.accountId} ${entry.kind} ${String(entry.record.id)}`, entry);
  }
  const records = (accountId: string, kind: LogEntry['kind']) => [...latest.values()]
    .filter((entry) => entry.accountId === accountId && entry.kind === kind)
    .map((entry) => entry.record)
    .sort((a, b) => Number(a.id) - Number(b.id));
  const { accounts, version, log: _log, logBytes: _logBytes, ...scalars } = snapshot as typeof snapshot & { log?: unknown; logBytes?: unknown };
  const state: SimState = { ...scalars, version: 1, accounts: accounts.map((account) => ({
    ...account,
    transactions: records(account.id, 'transaction') as WireObject[],
    orders: records(account.id, 'order') as WireOrder[],
    trades: records(account.id, 'trade') as TradeRecord[],
  })) };
  return version === 4 ? state : withHomeNames(state);
}

/** A state saved before format 4, with its …Usd amounts (then always in USD, the only home currency) named …Home. */
function withHomeNames(state: SimState): SimState {
  const renamed = (value: unknown): unknown => {
    if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.replace(/Usd$/, 'Home'), renamed(inner)]));
  };
  return { ...state, accounts: state.accounts.map(({ transactions, orders, trades, ...scalars }) => ({
    ...(renamed(scalars) as typeof scalars),
    transactions,
    orders,
    trades: trades.map((trade) => renamed(trade) as TradeRecord),
  })) };
}

export interface StateWriterOptions {
  /** Log entries appended since the last compaction after which the next save compacts (default 10,000). */
  compactEvery?: number;
  /** Transactions kept per account; a compaction forgets older history (default 100,000; see forgetOldHistory). */
  keepTransactions?: number;
}

/** Saves synchronously and durably; call save() after each change, before the change is acknowledged. */
export class DurableStateWriter {
  private generation: number;
  private logBytes = 0;
  private entriesSinceCompaction = 0;
  private readonly compactEvery: number;
  private readonly keepTransactions: number;
  /** Per account, how many of its transactions the log holds. */
  private readonly loggedTransactions = new Map<string, number>();
  /** What the log last holds for each order or trade that can still change. */
  private readonly lastWritten = new Map<object, string>();
  /** Orders and trades in their final state, already logged. */
  private final = new WeakSet<object>();

  constructor(private readonly file: string, private readonly state: SimState, options: StateWriterOptions = {}) {
    this.compactEvery = options.compactEvery ?? 10_000;
    this.keepTransactions = options.keepTransactions ?? 100_000;
    for (const [name, value] of [['compactEvery', this.compactEvery], ['keepTransactions', this.keepTransactions]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
    mkdirSync(dirname(file), { recursive: true });
    this.generation = committedLog(file)?.generation ?? 0;
    // Drops whatever a crash left beyond the last commit, and any log a crash left half-compacted.
    this.compact();
  }

  save(): void {
    const lines = this.changedLines();
    if (lines.length > 0) {
      const text = lines.join('');
      appendDurably(stateLogFile(this.file, this.generation), text);
      this.logBytes += Buffer.byteLength(text);
      this.entriesSinceCompaction += lines.length;
    }
    this.commit();
    if (this.entriesSinceCompaction >= this.compactEvery) this.compact();
  }

  /** Forgets history beyond the window, writes the rest as the next log generation, commits to it, then deletes the older logs. */
  compact(): void {
    for (const account of this.state.accounts) forgetOldHistory(account, this.keepTransactions);
    this.loggedTransactions.clear();
    this.lastWritten.clear();
    this.final = new WeakSet();
    const text = this.changedLines().join('');
    this.generation += 1;
    writeDurably(stateLogFile(this.file, this.generation), text);
    this.logBytes = Buffer.byteLength(text);
    this.entriesSinceCompaction = 0;
    this.commit();
    this.deleteLeftovers();
  }

  private changedLines(): string[] {
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
    return lines.map((line) => `${line}\n`);
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
    const snapshot: StoredSnapshot = { ...this.state, version: 4, log: { generation: this.generation, bytes: this.logBytes }, accounts };
    writeDurably(this.file, JSON.stringify(snapshot));
  }

  /** Older logs, and temp files a crash left half-written. */
  private deleteLeftovers(): void {
    const current = basename(stateLogFile(this.file, this.generation));
    const log = `${basename(this.file)}.log.`;
    for (const name of readdirSync(dirname(this.file))) {
      const leftover = (name.startsWith(log) && name.endsWith('.jsonl') && name !== current) || (name.startsWith(`${basename(this.file)}.`) && name.endsWith('.tmp'));
      if (leftover) rmSync(join(dirname(this.file), name), { force: true });
    }
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
