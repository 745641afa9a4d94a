import { Router } from 'express';
import { listHotPathStatus } from '../../infra/db/queries/hot-path-status';
import type { ApiDependencies } from '../dependencies';

/** A hot path that has not published for this long is not running (it publishes every 2 s by default). */
const STALE_AFTER_MS = 15_000;

/**
 * What each hot-path process last said of itself (published to Postgres, where the two paths meet): per instrument,
 * the warm-up left, the last decision, the last refusal and why, and the decisions by outcome.
 */
export function hotPathRoutes({ database }: ApiDependencies): Router {
  const router = Router();
  router.get('/api/hot-path', async (_request, response) => {
    const rows = await listHotPathStatus(database.db);
    response.json({
      staleAfterMs: STALE_AFTER_MS,
      processes: rows.map(({ ageMs, ...row }) => ({ ...row, running: ageMs <= STALE_AFTER_MS, secondsSinceUpdate: Math.round(ageMs / 100) / 10 })),
    });
  });
  return router;
}
