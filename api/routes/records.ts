import { z } from 'zod';
import { listAuditEvents } from '../../infra/db/queries/audit';
import { listOrders } from '../../infra/db/queries/orders';
import { listPositionSnapshots } from '../../infra/db/queries/positions';
import { listSignals } from '../../infra/db/queries/signals';
import type { ApiDependencies } from '../dependencies';
import { operation, type Operation } from '../operations/operation';
import { listQuery, page } from '../schemas/common';

const row = z.object({ id: z.number().int() }).loose();

/** Paginated, newest first, filtered by account and workflow: `nextCursor` of one page is `cursor` of the next. */
export function recordOperations({ database }: ApiDependencies): Operation[] {
  const list = (path: string, operationId: string, summary: string, read: (query: z.infer<typeof listQuery>) => Promise<string>) => operation({
    method: 'get', path, operationId, summary, tag: 'records', access: 'viewer', query: listQuery,
    responses: { 200: { description: 'one page, newest first', schema: page(row) } },
    async handle({ query }, response) {
      response.type('json').send(await read(query));
    },
  });
  return [
    list('/api/orders', 'listOrders', 'Every order either path sent (and the emergency stop\'s closes), with its outcome.', ({ limit, cursor, ...filter }) => listOrders(database.pool, { limit, cursor }, filter)),
    list('/api/signals', 'listSignals', 'The signals analysis-to-trade runs produced, with what became of each.', ({ limit, cursor, ...filter }) => listSignals(database.pool, { limit, cursor }, filter)),
    list('/api/positions', 'listPositionSnapshots', 'Position snapshots, as rebalances and restart reconciliation recorded them.', ({ limit, cursor, ...filter }) => listPositionSnapshots(database.pool, { limit, cursor }, filter)),
    list('/api/events', 'listAuditEvents', 'The audit log: who did what, why, under which workflow.', ({ limit, cursor, ...filter }) => listAuditEvents(database.pool, { limit, cursor }, filter)),
  ];
}
