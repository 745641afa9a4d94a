import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/client';
import { readDatabaseSize } from '../db/queries/storage';
import { localStoreFiles } from '../storage/local-store-files';
import { metricsFromFigures, sharedRead } from './scrape-cache';

type Figures = { database: Awaited<ReturnType<typeof readDatabaseSize>>; files: Awaited<ReturnType<typeof localStoreFiles>> };

/**
 * How big what the system stores is, read once per scrape (catalog reads and file sizes, no scans): the database,
 * each table and partition, and the local stores' files under DATA_DIR. A failed read serves the last good figures.
 */
export function registerStorageMetrics(registry: Registry, db: Database, configuredDataDir: string | undefined): void {
  const figures = sharedRead(async (): Promise<Figures> => ({ database: await readDatabaseSize(db), files: await localStoreFiles(configuredDataDir) }));
  const gauge = metricsFromFigures(registry, figures, Gauge);
  gauge('storage_database_bytes', 'Size of the application database in Postgres', [], (set, { database }) => set({}, database.databaseBytes));
  gauge('storage_table_bytes', 'Size of each table and partition with its indexes and TOAST ; a partitioned table counts its partitions, each also listed with partition_of set', ['table', 'partition_of'], (set, { database }) => {
    for (const row of database.tables) set({ table: row.table, partition_of: row.partitionOf ?? '' }, row.bytes);
  });
  gauge('storage_table_rows_estimate', 'Rows in each table and partition, as Postgres last estimated them; a partitioned table counts its partitions', ['table', 'partition_of'], (set, { database }) => {
    for (const row of database.tables) set({ table: row.table, partition_of: row.partitionOf ?? '' }, row.rowsEstimate);
  });
  gauge('storage_file_bytes', 'Size of each file of the stores kept on this machine (the simulator\'s state, the Temporal dev server\'s database)', ['store', 'file'], (set, { files }) => {
    for (const file of files) set({ store: file.store, file: file.file }, file.bytes);
  });
}
