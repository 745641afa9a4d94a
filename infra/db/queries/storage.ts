import { sql } from 'drizzle-orm';
import type { Database } from '../client';

export interface TableSize {
  /** A partitioned table (orders, fills, audit_events) counts its partitions' figures together; each is listed too. */
  table: string;
  /** The partitioned table this one is a partition of; null for a plain table or a partitioned parent. */
  partitionOf: string | null;
  /** Heap, indexes and TOAST together. */
  bytes: number;
  /** Postgres's estimate from its last ANALYZE or VACUUM (-1 before the first one is reported as 0). */
  rowsEstimate: number;
}

export interface DatabaseSize {
  databaseBytes: number;
  tables: TableSize[];
}

/** The size of the database and of each of its tables and partitions, largest first: catalog reads, no table scans. */
export async function readDatabaseSize(db: Database): Promise<DatabaseSize> {
  const tables = await db.execute<{ table: string; partition_of: string | null; bytes: string; rows_estimate: string }>(sql`
    select c.relname as table, parent.relname as partition_of, sizes.bytes, sizes.rows_estimate
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_inherits i on i.inhrelid = c.oid
    left join pg_class parent on parent.oid = i.inhparent
    cross join lateral (
      select coalesce(sum(pg_total_relation_size(leaf.oid)), 0) as bytes, coalesce(sum(greatest(leaf.reltuples, 0)), 0)::bigint as rows_estimate
      from pg_partition_tree(c.oid) tree join pg_class leaf on leaf.oid = tree.relid
      where tree.isleaf) sizes
    where n.nspname = current_schema() and c.relkind in ('r', 'p')
    order by sizes.bytes desc, c.relname`);
  const total = await db.execute<{ bytes: string }>(sql`select pg_database_size(current_database()) as bytes`);
  return {
    databaseBytes: Number(total.rows[0]!.bytes),
    tables: tables.rows.map((row) => ({ table: row.table, partitionOf: row.partition_of, bytes: Number(row.bytes), rowsEstimate: Number(row.rows_estimate) })),
  };
}
