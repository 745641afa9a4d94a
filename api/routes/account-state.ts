import { z } from 'zod';
import { BrokerError, type Broker } from '../../domain/broker';
import { openBook } from '../../domain/broker/open-book';
import { orderOrigins, recentFills } from '../../infra/db/queries/fills';
import { latestRiskSnapshot } from '../../infra/db/queries/risk-snapshots';
import { accountDailyPnl } from '../../infra/db/queries/trading-day';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import { briefCache } from '../brief-cache';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';
import { accountId } from '../schemas/common';
import { knownAccount } from './known-account';

/** Long enough that a room of viewers costs the broker one read per account, short enough to be the present. */
const STATE_CACHE_MS = 2_000;
const RECENT_FILLS = 20;

const accountState = z.object({
  accountId: z.string(),
  asOf: z.string(),
  tradingState: z.object({ state: z.string() }).loose(),
  summary: z.object({
    currency: z.string(), nav: z.number(), balance: z.number(), marginUsed: z.number(), marginAvailable: z.number(), unrealizedPl: z.number(),
    realizedPlToday: z.number(), dailyPnl: z.number(), tradingDayStart: z.string(), drawdown: z.number().nullable(), lastTransactionId: z.string(),
    home: z.object({ currency: z.string(), balance: z.number(), nav: z.number(), usdPerUnit: z.number() }).optional()
      .describe('for an account kept in another currency than USD: its own currency, balance and NAV, and the USD per unit every amount was converted at'),
  }).loose(),
  positions: z.array(z.object({ instrument: z.string(), netUnits: z.number() }).loose()),
  trades: z.array(z.object({ tradeId: z.string(), instrument: z.string(), currentUnits: z.number(), strategy: z.string().nullable(), paramsVersion: z.number().nullable() }).loose()),
  pendingOrders: z.array(z.object({ orderId: z.string(), type: z.string() }).loose()),
  recentFills: z.array(z.object({ transactionId: z.string(), instrument: z.string(), strategy: z.string().nullable(), paramsVersion: z.number().nullable() }).loose()),
});

/** An account as it stands now: the broker's figures and open book, with what Postgres knows of the day and of each trade's origin. */
export function accountStateOperations({ database, brokers }: ApiDependencies): Operation[] {
  const { db } = database;
  const cached = briefCache<Awaited<ReturnType<typeof readState>>>(STATE_CACHE_MS);

  async function readState(venue: Broker, id: string) {
    const [summary, positions, trades, pending] = await Promise.all([venue.accountSummary(), venue.openPositions(), venue.openTrades(), venue.pendingOrders()])
      .catch((error: unknown) => {
        if (error instanceof BrokerError) throw new HttpError(503, `the broker did not answer: ${error.message}`);
        throw error;
      });
    const nowMs = Date.now();
    const [daily, snapshot, tradingState, fills] = await Promise.all([
      accountDailyPnl(db, id, summary, nowMs, 'api'), latestRiskSnapshot(db, id), effectiveTradingState(db, id), recentFills(db, id, RECENT_FILLS),
    ]);
    const book = openBook(positions, trades, pending);
    const origins = await orderOrigins(db, trades.flatMap((trade) => (trade.clientTradeId ? [trade.clientTradeId] : [])));
    return {
      accountId: id,
      asOf: new Date(nowMs).toISOString(),
      tradingState,
      summary: {
        ...summary,
        realizedPlToday: daily.realizedSinceDayStartUsd, dailyPnl: daily.dailyPnlUsd, tradingDayStart: new Date(daily.dayStartMs).toISOString(),
        drawdown: snapshot?.drawdown ?? null,
      },
      positions: book.positions,
      trades: book.trades.map((trade) => {
        const origin = trade.clientTradeId ? origins.get(trade.clientTradeId) : undefined;
        return { ...trade, strategy: origin?.strategy ?? null, paramsVersion: origin?.paramsVersion ?? null };
      }),
      pendingOrders: book.pendingOrders,
      recentFills: fills.map((fill) => ({ ...fill, filledAt: fill.filledAt.toISOString() })),
    };
  }

  return [
    operation({
      method: 'get', path: '/api/accounts/:accountId/state', operationId: 'getAccountState', tag: 'records', access: 'viewer',
      summary: `The account now, from the broker (cached ${STATE_CACHE_MS / 1000} s), every amount in USD: NAV, balance, margin, unrealized P/L, the day's realized P/L and P/L, drawdown at the last risk reading; open positions and trades with their stop-loss and take-profit prices and the strategy version that opened each trade; pending entry orders; the latest ${RECENT_FILLS} fills with the strategy version behind each.`,
      params: z.strictObject({ accountId }),
      responses: { 200: { description: 'the account as it stands', schema: accountState }, 404: { description: 'the account is not in the registry, or not the one this deployment trades' }, 503: { description: 'the api has no broker connection, or the broker did not answer' } },
      async handle({ params }, response) {
        await knownAccount(db, params.accountId);
        if (!brokers) throw new HttpError(503, 'the api has no broker connection: it cannot read the account now');
        const broker = brokers.find(params.accountId);
        if (!broker) throw new HttpError(404, `account ${params.accountId} is not traded by this deployment, which trades ${brokers.accountIds.join(', ')}`);
        response.json(await cached(params.accountId, () => readState(broker, params.accountId)));
      },
    }),
  ];
}
