import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface DirectoryLockOptions {
  /** A lock older than this is taken over even if its owner looks alive (a hung holder). */
  staleAfterMs?: number;
  /** Give up waiting for the other holder after this long. */
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
  log?: (message: string) => void;
}

interface LockOwner {
  pid: number;
  host: string;
}

const OWNER_FILE = 'owner.json';

/**
 * Runs `work` while holding an exclusive lock directory, so separate processes (parallel jest workers, an api and
 * a worker starting together) never install or initialise the same thing at once. `mkdir` is atomic on every local filesystem, which is all we need here.
 */
export async function withDirectoryLock<T>(lockDir: string, work: () => Promise<T>, options: DirectoryLockOptions = {}): Promise<T> {
  await acquire(lockDir, options);
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function acquire(lockDir: string, options: DirectoryLockOptions): Promise<void> {
  const { staleAfterMs = 10 * 60_000, waitTimeoutMs = 5 * 60_000, pollIntervalMs = 200, log } = options;
  await mkdir(dirname(lockDir), { recursive: true });
  const deadlineMs = Date.now() + waitTimeoutMs;
  let announcedWait = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      const owner: LockOwner = { pid: process.pid, host: hostname() };
      await writeFile(join(lockDir, OWNER_FILE), JSON.stringify(owner));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockDir, staleAfterMs)) {
      log?.(`Removing stale install lock ${lockDir} (its owner is gone)`);
      await removeStaleLock(lockDir);
      continue;
    }
    if (Date.now() > deadlineMs) {
      throw new Error(`Timed out after ${waitTimeoutMs} ms waiting for the install lock ${lockDir}; if no install is running, delete that directory`);
    }
    if (!announcedWait) {
      log?.(`Waiting for another process that is installing Temporal binaries (lock ${lockDir})`);
      announcedWait = true;
    }
    await delay(pollIntervalMs);
  }
}

async function isStale(lockDir: string, staleAfterMs: number): Promise<boolean> {
  let ageMs: number;
  try {
    ageMs = Date.now() - (await stat(lockDir)).mtimeMs;
  } catch {
    return false; // released between our mkdir and stat: just retry
  }
  if (ageMs > staleAfterMs) return true;
  const owner = await readOwner(lockDir);
  // Without an owner file the holder may be between mkdir and writeFile; only age can condemn it.
  if (owner === undefined || owner.host !== hostname()) return false;
  return !isProcessAlive(owner.pid);
}

async function readOwner(lockDir: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(join(lockDir, OWNER_FILE), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Renamed first so a recursive delete can never remove a lock directory that a new owner has just created. */
async function removeStaleLock(lockDir: string): Promise<void> {
  const graveyard = `${lockDir}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockDir, graveyard);
  } catch {
    return; // someone else already moved it
  }
  await rm(graveyard, { recursive: true, force: true });
}
