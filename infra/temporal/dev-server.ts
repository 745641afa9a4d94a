import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common';
import { isAcceptingConnections, isPortFree } from '../net/free-port';
import { tailLines } from './run-command';

export type SearchAttributeTypeName = 'Keyword' | 'KeywordList' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime';

export interface DevServerOptions {
  cliPath: string;
  /** Holds the SQLite store (temporal.db) and, unless logFile says otherwise, the server log. */
  dataDir: string;
  ip?: string;
  port?: number;
  /** 0 or null runs the server headless. */
  uiPort?: number | null;
  /** Created at launch next to `default`, which always exists. */
  namespace?: string;
  searchAttributes?: Record<string, SearchAttributeTypeName>;
  /**
   * How long the namespace keeps a closed workflow's history (and the Web UI shows it), in milliseconds; unset keeps
   * the dev server's own 24 hours.
   */
  retentionMs?: number;
  /** SQLite pragmas of the store; default DEV_SERVER_SQLITE_PRAGMAS. */
  sqlitePragmas?: Readonly<Record<string, string>>;
  logFile?: string;
  readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before it sends SIGKILL. */
  stopGraceMs?: number;
}

export interface RunningDevServer {
  /** host:port of the gRPC frontend, as `Connection.connect` wants it. */
  address: string;
  /** undefined when the server runs headless. */
  uiUrl: string | undefined;
  namespace: string;
  pid: number;
  logFile: string;
  /** Settles with how the process ended ("exited with code 1", "was killed by SIGTERM"), whoever ended it. */
  whenExited: Promise<string>;
  stop(): Promise<void>;
}

const READY_POLL_INTERVAL_MS = 250;
const SEARCH_ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when a Temporal frontend at `address` answers and knows `namespace`. */
export async function isTemporalAnswering(address: string, namespace = 'default', timeoutMs = 2_000): Promise<boolean> {
  const { host, port } = splitAddress(address);
  // gRPC keeps retrying a refused connection until its deadline; a plain TCP probe says "nobody there" at once.
  if (!(await isAcceptingConnections(port, host, timeoutMs))) return false;
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    const live = connection;
    await live.withDeadline(Date.now() + timeoutMs, () => live.workflowService.describeNamespace({ namespace }));
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}

function splitAddress(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  const port = Number(address.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port)) throw new Error(`Temporal address ${JSON.stringify(address)} is not host:port`);
  return { host: address.slice(0, separator), port };
}

/**
 * The SQLite store in write-ahead-log mode, synced at checkpoints rather than at every commit: measured faster per
 * workflow and about half the server's CPU (bench:dev-server-store). A process crash loses nothing; a power cut may
 * lose the last transactions, which a development server can afford (production runs Temporal on PostgreSQL).
 */
export const DEV_SERVER_SQLITE_PRAGMAS: Readonly<Record<string, string>> = { journal_mode: 'wal', synchronous: 'normal' };

export function devServerArgs(options: Required<Pick<DevServerOptions, 'dataDir' | 'ip' | 'port' | 'namespace'>> & Pick<DevServerOptions, 'uiPort' | 'searchAttributes' | 'sqlitePragmas'>): string[] {
  const args = ['server', 'start-dev', '--db-filename', join(options.dataDir, 'temporal.db'), '--ip', options.ip, '--port', String(options.port)];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  for (const [name, type] of Object.entries(options.searchAttributes ?? {})) {
    if (!SEARCH_ATTRIBUTE_NAME.test(name)) throw new Error(`Search attribute name ${JSON.stringify(name)} is not an identifier`);
    args.push('--search-attribute', `${name}=${type}`);
  }
  for (const [pragma, value] of Object.entries(options.sqlitePragmas ?? DEV_SERVER_SQLITE_PRAGMAS)) args.push('--sqlite-pragma', `${pragma}=${value}`);
  args.push('--log-level', 'warn');
  return args;
}

/**
 * Starts `temporal server start-dev` with its SQLite store in `dataDir` and resolves once the frontend answers
 * gRPC for the namespace (and the Web UI answers HTTP when enabled).
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const { cliPath, dataDir, ip = '127.0.0.1', port = 7233, uiPort = 8233, namespace = 'default', readyTimeoutMs = 60_000, stopGraceMs = 10_000 } = options;
  const logFile = options.logFile ?? join(dataDir, 'temporal-server.log');
  const address = `${ip}:${port}`;
  const uiUrl = uiPort ? `http://${ip}:${uiPort}` : undefined;
  for (const [what, value] of [['gRPC', port], ['Web UI', uiPort]] as const) {
    if (value && !(await isPortFree(value, ip))) {
      throw new Error(`Cannot start the Temporal dev server: the ${what} port ${ip}:${value} is already in use` +
        (what === 'gRPC' ? ' (if a Temporal server is answering there, reuse it: see isTemporalAnswering)' : ''));
    }
  }
  const args = devServerArgs({ dataDir, ip, port, uiPort, namespace, searchAttributes: options.searchAttributes, sqlitePragmas: options.sqlitePragmas });
  await mkdir(dataDir, { recursive: true });
  await mkdir(dirname(logFile), { recursive: true });
  const child = spawnWithLogFile(cliPath, args, logFile);
  const server = new DevServerProcess(child, stopGraceMs);
  try {
    await server.waitUntilReady(address, namespace, uiUrl, readyTimeoutMs, logFile);
    if (options.retentionMs !== undefined) await setRetention(address, namespace, options.retentionMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { address, uiUrl, namespace, pid: server.pid, logFile, whenExited: server.whenExited, stop: () => server.stop() };
}

async function setRetention(address: string, namespace: string, retentionMs: number): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msToTs(retentionMs) } });
  } finally {
    await connection.close();
  }
}

function spawnWithLogFile(cliPath: string, args: string[], logFile: string): ChildProcess {
  const logFd = openSync(logFile, 'a');
  try {
    writeSync(logFd, `\n--- ${new Date().toISOString()} ${cliPath} ${args.join(' ')}\n`);
    // Its own process group: a Ctrl-C in the terminal reaches whoever started it, who stops it in order.
    return spawn(cliPath, args, { stdio: ['ignore', logFd, logFd], detached: true });
  } finally {
    closeSync(logFd); // the child holds its own copy
  }
}

class DevServerProcess {
  private readonly exited: Promise<void>;
  private exitDescription: string | undefined;
  private spawnError: Error | undefined;

  constructor(private readonly child: ChildProcess, private readonly stopGraceMs: number) {
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.spawnError = error;
        this.exitDescription = `could not be started: ${error.message}`;
        resolve();
      });
      child.once('exit', (code, signal) => {
        this.exitDescription = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
        resolve();
      });
    });
  }

  get whenExited(): Promise<string> {
    return this.exited.then(() => this.exitDescription ?? 'exited');
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`The Temporal dev server process has no pid: ${this.spawnError?.message ?? 'not started'}`);
    return this.child.pid;
  }

  async waitUntilReady(address: string, namespace: string, uiUrl: string | undefined, readyTimeoutMs: number, logFile: string): Promise<void> {
    const deadlineMs = Date.now() + readyTimeoutMs;
    for (;;) {
      if (this.exitDescription !== undefined) {
        throw new Error(`The Temporal dev server ${this.exitDescription} before it answered on ${address}. Log ${logFile}:\n${await readLogTail(logFile)}`);
      }
      if ((await isTemporalAnswering(address, namespace)) && (uiUrl === undefined || (await isHttpAnswering(uiUrl)))) return;
      if (Date.now() > deadlineMs) {
        throw new Error(`The Temporal dev server did not answer on ${address}${uiUrl ? ` and ${uiUrl}` : ''} within ${readyTimeoutMs} ms. Log ${logFile}:\n${await readLogTail(logFile)}`);
      }
      await delay(READY_POLL_INTERVAL_MS);
    }
  }

  /** SIGTERM, then SIGKILL if the server has not exited after a grace period. */
  async stop(): Promise<void> {
    if (this.exitDescription !== undefined) return;
    this.child.kill('SIGTERM');
    if (await this.exitsWithin(this.stopGraceMs)) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private async exitsWithin(timeoutMs: number): Promise<boolean> {
    const abort = new AbortController();
    const timedOut = delay(timeoutMs, false, { signal: abort.signal }).catch(() => false);
    const result = await Promise.race([this.exited.then(() => true), timedOut]);
    abort.abort();
    return result;
  }
}

async function isHttpAnswering(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function readLogTail(logFile: string): Promise<string> {
  try {
    return tailLines(await readFile(logFile, 'utf8'));
  } catch (error) {
    return `(log unreadable: ${(error as Error).message})`;
  }
}
