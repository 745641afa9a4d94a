import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;
/** What `db.transaction(async (tx) => ...)` hands its callback; query functions accept it where they may run inside one. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseHandle {
  db: Database;
  pool: Pool;
  close(): Promise<void>;
}

export function connectDatabase(connectionString: string, options: { maxConnections?: number; applicationName?: string } = {}): DatabaseHandle {
  const pool = new Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'trade-orchestrator',
    connectionTimeoutMillis: 5000,
  });
  // An idle client losing its server (restart, admin kill) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return { db: drizzle(pool, { schema }), pool, close: () => pool.end() };
}
