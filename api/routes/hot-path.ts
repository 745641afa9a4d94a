import { z } from 'zod';
import { listHotPathStatus } from '../../infra/db/queries/hot-path-status';
import type { ApiDependencies } from '../dependencies';
import { operation, type Operation } from '../operations/operation';

/** A hot path that has not published for this long is not running (it publishes every 2 s by default). */
export const HOT_PATH_STALE_AFTER_MS = 15_000;

const processes = z.object({
  staleAfterMs: z.number(),
  processes: z.array(z.object({ processKey: z.string(), accountId: z.string(), running: z.boolean(), secondsSinceUpdate: z.number(), status: z.object({}).loose() }).loose()),
});

/**
 * What each hot-path process last said of itself (published to Postgres, where the two paths meet): per instrument,
 * the warm-up left, the last decision, the last refusal and why, and the decisions by outcome.
 */
export function hotPathOperations({ database }: ApiDependencies): Operation[] {
  return [operation({
    method: 'get', path: '/api/hot-path', operationId: 'getHotPath', tag: 'hot path', access: 'viewer',
    summary: 'Each hot path\'s last published status: per instrument what it decided last, what it refused and why, and its counts.',
    responses: { 200: { description: 'every hot path that ever published; running is false once its status is 15 s old', schema: processes } },
    async handle(_input, response) {
      const rows = await listHotPathStatus(database.db);
      response.json({
        staleAfterMs: HOT_PATH_STALE_AFTER_MS,
        processes: rows.map(({ ageMs, ...row }) => ({ ...row, running: ageMs <= HOT_PATH_STALE_AFTER_MS, secondsSinceUpdate: Math.round(ageMs / 100) / 10 })),
      });
    },
  })];
}
