import { desc } from 'drizzle-orm';
import type { Database } from '../client';
import { componentHealth } from '../schema';

/** The most recent health row of every component that has ever been checked. */
export function latestComponentHealth(db: Database) {
  return db.selectDistinctOn([componentHealth.component])
    .from(componentHealth)
    .orderBy(componentHealth.component, desc(componentHealth.checkedAt), desc(componentHealth.id));
}
