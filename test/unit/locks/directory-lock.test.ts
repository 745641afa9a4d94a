import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { withDirectoryLock } from '../../../infra/locks/directory-lock';
import { makeTempDir } from '../temporal/fake-executables';

async function writeLockOwnedBy(lockDir: string, pid: number): Promise<void> {
  await mkdir(lockDir, { recursive: true });
  await writeFile(join(lockDir, 'owner.json'), JSON.stringify({ pid, host: hostname() }));
}

function pidOfAFinishedProcess(): number {
  const finished = spawnSync('true');
  if (finished.pid === undefined) throw new Error('could not run `true` to obtain a dead pid');
  return finished.pid;
}

describe('withDirectoryLock', () => {
  let tempRoot: string;
  let lockDir: string;

  beforeEach(async () => {
    tempRoot = await makeTempDir('install-lock-');
    lockDir = join(tempRoot, 'locks', 'install');
  });

  afterEach(async () => {
    await rm(tempRoot, { recursive: true, force: true });
  });

  it('never lets two holders run their work at the same time', async () => {
    const events: string[] = [];
    const holder = (name: string) => withDirectoryLock(lockDir, async () => {
      events.push(`enter ${name}`);
      await delay(150);
      events.push(`exit ${name}`);
      return name;
    }, { pollIntervalMs: 20 });

    const results = await Promise.all([holder('a'), holder('b'), holder('c')]);

    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toHaveLength(6);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.replace('enter', 'exit')).toBe(events[i + 1]);
    }
    expect(existsSync(lockDir)).toBe(false);
  });

  it('releases the lock when the work fails and passes the failure on', async () => {
    await expect(withDirectoryLock(lockDir, () => Promise.reject(new Error('pip exploded')))).rejects.toThrow('pip exploded');
    expect(existsSync(lockDir)).toBe(false);
  });

  it('takes over a lock whose owner process is gone', async () => {
    await writeLockOwnedBy(lockDir, pidOfAFinishedProcess());
    const messages: string[] = [];

    await expect(withDirectoryLock(lockDir, () => Promise.resolve('ran'), { log: (message) => messages.push(message) })).resolves.toBe('ran');

    expect(messages).toEqual([expect.stringContaining(`Removing stale install lock ${lockDir}`)]);
    expect(await readdir(join(lockDir, '..'))).toEqual([]);
  });

  it('takes over a lock older than staleAfterMs even if its owner is alive', async () => {
    await writeLockOwnedBy(lockDir, process.pid);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await utimes(lockDir, tenMinutesAgo, tenMinutesAgo);

    await expect(withDirectoryLock(lockDir, () => Promise.resolve('ran'), { staleAfterMs: 60_000 })).resolves.toBe('ran');
  });

  it('waits for a live owner and gives up with a message naming the lock', async () => {
    await writeLockOwnedBy(lockDir, process.pid);
    const messages: string[] = [];

    await expect(withDirectoryLock(lockDir, () => Promise.resolve('ran'), { waitTimeoutMs: 300, pollIntervalMs: 50, log: (message) => messages.push(message) }))
      .rejects.toThrow(`Timed out after 300 ms waiting for the install lock ${lockDir}`);

    expect(messages).toEqual([`Waiting for another process that is installing Temporal binaries (lock ${lockDir})`]);
    expect(existsSync(join(lockDir, 'owner.json'))).toBe(true);
  });

  it('goes ahead as soon as a live owner releases the lock', async () => {
    await writeLockOwnedBy(lockDir, process.pid);
    const release = delay(200).then(() => rm(lockDir, { recursive: true }));

    await expect(withDirectoryLock(lockDir, () => Promise.resolve('ran'), { pollIntervalMs: 20 })).resolves.toBe('ran');
    await release;
  });
});
