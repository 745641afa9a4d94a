import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dataDir } from '../paths';

/** The stores bin/start keeps under DATA_DIR on this machine: the simulator's state and the Temporal dev server's. */
export const LOCAL_STORES = ['venue-sim', 'temporal'] as const;
export type LocalStore = (typeof LOCAL_STORES)[number];

export interface StoreFile {
  store: LocalStore;
  file: string;
  bytes: number;
}

/**
 * The files of each local store under `configuredDataDir` and their sizes. A store that is not on this machine (a
 * deployment's Temporal cluster, an OANDA venue) has no directory here and lists nothing.
 */
export async function localStoreFiles(configuredDataDir: string | undefined): Promise<StoreFile[]> {
  const files: StoreFile[] = [];
  for (const store of LOCAL_STORES) {
    const directory = join(dataDir(configuredDataDir), store);
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const file of names.sort()) {
      const found = await stat(join(directory, file)).catch(() => undefined);
      if (found?.isFile()) files.push({ store, file, bytes: found.size });
    }
  }
  return files;
}
