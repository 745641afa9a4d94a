import type { Database } from '../../infra/db/client';
import type { TradeReduction } from '../../domain/broker';
import { fills, orders, type OrderSource } from '../../infra/db/schema';
import { SIM_ACCOUNT_ID } from './trading-database';

export interface RecordedFill {
  clientOrderId?: string;
  tradeOpenedId?: string;
  tradesClosed?: TradeReduction[];
  reason?: string;
  accountId?: string;
}

/**
 * Writes orders and fills as the paths that trade write them (an orders row per order, a fills row per broker fill
 * with the trade it opened and the trades it closed), with transaction ids in the order the fills are written.
 */
export function tradeRecorder(db: Database, firstTransactionId = 1000) {
  let transactionId = firstTransactionId;
  return {
    order: (clientOrderId: string, strategy: string, version: number, placedBy: { accountId?: string; source?: OrderSource } = {}) => db.insert(orders).values({
      clientOrderId, accountId: placedBy.accountId ?? SIM_ACCOUNT_ID, instrument: 'EUR_USD', units: 1000, type: 'MARKET', status: 'filled',
      source: placedBy.source ?? 'hot_path', strategy, paramsVersion: version,
    }),
    fill: (atMs: number, fill: RecordedFill) => db.insert(fills).values({
      accountId: fill.accountId ?? SIM_ACCOUNT_ID, transactionId: String(transactionId++), clientOrderId: fill.clientOrderId, instrument: 'EUR_USD', units: 1000, priceQuote: 1.1,
      realizedPl: (fill.tradesClosed ?? []).reduce((sum, trade) => sum + trade.realizedPl, 0), tradeOpenedId: fill.tradeOpenedId, tradesClosed: fill.tradesClosed ?? [],
      reason: fill.reason ?? 'MARKET_ORDER', filledAt: new Date(atMs), source: fill.clientOrderId ? 'hot_path' : 'venue',
    }),
  };
}
