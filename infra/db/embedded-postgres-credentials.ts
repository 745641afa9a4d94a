import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The embedded cluster's passwords, made on its first start and kept beside its data dir, readable by its owner only. */
export interface Credentials {
  superuserPassword: string;
  appPassword: string;
  /** A cluster from before there were generated passwords still has this one until it is rotated. */
  rotateFrom?: string;
}

/** What clusters made before generated passwords were initialised with. */
const LEGACY_SUPERUSER_PASSWORD = 'postgres';

const newPassword = (): string => randomBytes(24).toString('base64url');

export const credentialsPath = (dataDir: string): string => `${dataDir}.credentials.json`;

export async function readCredentials(dataDir: string): Promise<Credentials | undefined> {
  const path = credentialsPath(dataDir);
  if (!existsSync(path)) return undefined;
  return JSON.parse(await readFile(path, 'utf8')) as Credentials;
}

/** Mode 0600: the passwords are the cluster's keys. */
export async function writeCredentials(dataDir: string, credentials: Omit<Credentials, 'rotateFrom'>): Promise<void> {
  await writeFile(credentialsPath(dataDir), `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
}

/**
 * The cluster's passwords: the stored ones, or new ones for a new cluster (stored at once, before initdb uses them),
 * or, for a cluster initialised with the old fixed password, new ones to rotate to once it runs.
 */
export async function credentialsFor(dataDir: string, log: (line: string) => void): Promise<Credentials> {
  const stored = await readCredentials(dataDir);
  if (stored) return stored;
  const fresh = { superuserPassword: newPassword(), appPassword: newPassword() };
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`the Postgres cluster in ${dataDir} still has the old fixed superuser password: it gets a generated one now`);
    return { ...fresh, rotateFrom: LEGACY_SUPERUSER_PASSWORD };
  }
  await writeCredentials(dataDir, fresh);
  return fresh;
}
