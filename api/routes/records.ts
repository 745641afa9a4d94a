import { Router } from 'express';
import { z } from 'zod';
import { listAuditEvents } from '../../infra/db/queries/audit';
import { listOrders } from '../../infra/db/queries/orders';
import { listPositionSnapshots } from '../../infra/db/queries/positions';
import { listSignals } from '../../infra/db/queries/signals';
import type { ApiDependencies } from '../dependencies';
import { parseOrThrow } from '../validation';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().positive().optional(),
  accountId: z.string().min(1).optional(),
  workflowId: z.string().min(1).optional(),
});

/** Paginated, newest first, filtered by account or workflow: `nextCursor` of one page is `cursor` of the next. */
export function recordRoutes({ database }: ApiDependencies): Router {
  const router = Router();
  const { db } = database;
  router.get('/api/orders', async (request, response) => {
    const { limit, cursor, ...filter } = parseOrThrow(listQuery, request.query, 'query');
    response.json(await listOrders(db, { limit, cursor }, filter));
  });
  router.get('/api/signals', async (request, response) => {
    const { limit, cursor, ...filter } = parseOrThrow(listQuery, request.query, 'query');
    response.json(await listSignals(db, { limit, cursor }, filter));
  });
  router.get('/api/positions', async (request, response) => {
    const { limit, cursor, accountId } = parseOrThrow(listQuery, request.query, 'query');
    response.json(await listPositionSnapshots(db, { limit, cursor }, { accountId }));
  });
  router.get('/api/events', async (request, response) => {
    const { limit, cursor, workflowId } = parseOrThrow(listQuery, request.query, 'query');
    response.json(await listAuditEvents(db, { limit, cursor }, { workflowId }));
  });
  return router;
}
