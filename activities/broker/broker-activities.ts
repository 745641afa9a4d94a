import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { isBrokerError, type Broker } from '../../domain/broker';
import { instrumentSpec, type InstrumentName } from '../../domain/market';
import { tradingStateAllows } from '../../domain/risk/trading-state';
import type { DatabaseHandle } from '../../infra/db/client';
import { findOrderByClientOrderId, insertSubmittingOrder, updateOrderResult } from '../../infra/db/queries/orders';
import { recordPositionSnapshots } from '../../infra/db/queries/positions';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import { accounts } from '../../infra/db/schema';
import type { PlacedOrderSummary } from '../../workflows/definitions/analysis-to-trade';
import type { PositionDifference } from '../../workflows/definitions/portfolio-rebalance';
import { badInput, brokerFailure, callBroker } from './broker-failure';
import { instrumentsWithUsdConversions } from './usd-conversion-pairs';
import { currentWorkflowExecution } from '../workflow-execution';

export interface BrokerActivityDeps {
  database: DatabaseHandle;
  broker: Broker;
}

export interface AccountSnapshotResult {
  accountId: string;
  navUsd: number;
  unrealizedPlUsd: number;
  openTradeCount: number;
  lastTransactionId: string;
  /** Signed net units of every open position. */
  positions: Record<InstrumentName, number>;
  pricesMid: Record<InstrumentName, number>;
  quotes: Record<InstrumentName, { bid: number; ask: number; tradeable: boolean }>;
}

export interface PlaceOrderInput {
  accountId: string;
  clientOrderId: string;
  instrument: InstrumentName;
  units: number;
  /** Whether the order shrinks the position it trades: a REDUCING account accepts only those. */
  reducing: boolean;
  stopLossDistance?: number;
  /** The account's last transaction id, read before the first attempt: retries search the transactions since. */
  lastKnownTransactionId: string;
  strategy?: string;
  paramsVersion?: number;
  details?: Record<string, unknown>;
}

export interface ReconcileInput {
  accountId: string;
  /** The signed units each instrument should hold now. */
  expectedUnits: Record<InstrumentName, number>;
}

export interface ReconcileResult {
  positions: Record<InstrumentName, number>;
  differences: PositionDifference[];
}

export type BrokerActivities = ReturnType<typeof createBrokerActivities>;

/** Activities that talk to the broker; they run on the rate-limited broker task queue. */
export function createBrokerActivities(deps: BrokerActivityDeps) {
  const { database, broker } = deps;

  /** Trading an account the product does not know, or that this worker's broker connection does not serve, is refused. */
  async function assertTradableAccount(accountId: string): Promise<void> {
    if (accountId !== broker.accountId) {
      throw badInput('UNKNOWN_ACCOUNT', `account ${accountId} is not served by this worker's broker connection (account ${broker.accountId})`);
    }
    const [known] = await database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
    if (!known) throw badInput('UNKNOWN_ACCOUNT', `account ${accountId} is not in the accounts table; add it before trading it`);
  }

  return {
    async accountSnapshot(input: { accountId: string; instruments: InstrumentName[] }): Promise<AccountSnapshotResult> {
      await assertTradableAccount(input.accountId);
      const [summary, open] = await callBroker(() => Promise.all([broker.accountSummary(), broker.openPositions()]));
      const positions = Object.fromEntries(open.filter((p) => p.netUnits !== 0).map((p) => [p.instrument, p.netUnits]));
      const priced = instrumentsWithUsdConversions([...new Set([...input.instruments, ...Object.keys(positions)])]);
      const quotes = await callBroker(() => broker.prices(priced));
      return {
        accountId: input.accountId,
        navUsd: summary.nav,
        unrealizedPlUsd: summary.unrealizedPl,
        openTradeCount: summary.openTradeCount,
        lastTransactionId: summary.lastTransactionId,
        positions,
        pricesMid: Object.fromEntries(quotes.map((q) => [q.instrument, (q.bid + q.ask) / 2])),
        quotes: Object.fromEntries(quotes.map((q) => [q.instrument, { bid: q.bid, ask: q.ask, tradeable: q.tradeable }])),
      };
    },

    /**
     * Exactly once, however often it runs: the orders row is written as `submitting` before the broker is called,
     * the broker looks the client order id up before it places, and the row is then brought up to the result.
     */
    async placeOrder(input: PlaceOrderInput): Promise<PlacedOrderSummary> {
      const workflowExecution = currentWorkflowExecution();
      const previous = await findOrderByClientOrderId(database.db, input.clientOrderId);
      if (previous?.status === 'filled' && previous.brokerOrderId) {
        return { clientOrderId: input.clientOrderId, brokerOrderId: previous.brokerOrderId, units: input.units, filledUnits: previous.filledUnits ?? 0, fillPriceQuote: previous.fillPrice ?? undefined, existing: true };
      }
      const trading = await effectiveTradingState(database.db, input.accountId);
      if (!tradingStateAllows(trading.state, input.reducing)) {
        // An earlier attempt may have reached the broker before the halt: that order stands and is only looked up.
        const placedEarlier = previous ? await callBroker(() => broker.findOrderByClientId(input.clientOrderId)) : undefined;
        if (!placedEarlier) {
          if (previous) await updateOrderResult(database.db, input.clientOrderId, { status: 'cancelled', rejectReason: `TRADING_${trading.state}` });
          throw ApplicationFailure.create({
            type: 'TRADING_HALTED',
            nonRetryable: true,
            message: `trading is ${trading.state} for ${trading.scope ?? input.accountId}${trading.reason ? ` (${trading.reason})` : ''}: ${input.clientOrderId} not placed`,
          });
        }
      }
      if (!previous) {
        await insertSubmittingOrder(database.db, {
          clientOrderId: input.clientOrderId,
          accountId: input.accountId,
          instrument: input.instrument,
          units: input.units,
          type: 'MARKET',
          source: 'workflow',
          strategy: input.strategy,
          paramsVersion: input.paramsVersion,
          workflowId: workflowExecution.workflowId,
          runId: workflowExecution.runId,
          details: input.details ?? {},
        });
      }
      const spec = instrumentSpec(input.instrument);
      try {
        const result = await broker.placeOrder({
          type: 'MARKET',
          clientOrderId: input.clientOrderId,
          instrument: input.instrument,
          units: input.units,
          stopLossOnFill: input.stopLossDistance ? { distanceQuote: Number(input.stopLossDistance.toFixed(spec.displayPrecision)) } : undefined,
          clientComment: workflowExecution.workflowId.slice(0, 128),
        }, { lastKnownTransactionId: input.lastKnownTransactionId, signal: Context.current().cancellationSignal });
        await updateOrderResult(database.db, input.clientOrderId, {
          status: result.state === 'FILLED' ? 'filled' : result.state === 'CANCELLED' ? 'cancelled' : 'pending',
          brokerOrderId: result.orderId,
          filledUnits: result.filledUnits,
          fillPrice: result.fillPriceQuote,
        });
        return { clientOrderId: input.clientOrderId, brokerOrderId: result.orderId, units: input.units, filledUnits: result.filledUnits, fillPriceQuote: result.fillPriceQuote, existing: result.existing };
      } catch (error) {
        if (isBrokerError(error) && !error.retryable) {
          await updateOrderResult(database.db, input.clientOrderId, { status: 'rejected', rejectReason: error.rejectReason ?? error.code });
        }
        throw brokerFailure(error);
      }
    },

    /** The broker's positions against what the workflow expects, recorded as a snapshot. */
    async reconcilePositions(input: ReconcileInput): Promise<ReconcileResult> {
      const workflowExecution = currentWorkflowExecution();
      const open = await callBroker(() => broker.openPositions());
      const positions: Record<InstrumentName, number> = Object.fromEntries(open.map((p) => [p.instrument, p.netUnits]));
      const instruments = [...new Set([...Object.keys(positions), ...Object.keys(input.expectedUnits)])].sort();
      await recordPositionSnapshots(database.db, instruments.map((instrument) => {
        const position = open.find((p) => p.instrument === instrument);
        const side = position && position.netUnits < 0 ? position.short : position?.long;
        return {
          accountId: input.accountId,
          instrument,
          netUnits: positions[instrument] ?? 0,
          averagePriceQuote: side?.averagePriceQuote,
          unrealizedPl: position?.unrealizedPl ?? 0,
          workflowId: workflowExecution.workflowId,
        };
      }));
      const differences = Object.entries(input.expectedUnits)
        .map(([instrument, expectedUnits]) => ({ instrument, expectedUnits, brokerUnits: positions[instrument] ?? 0 }))
        .filter((d) => Math.abs(d.expectedUnits - d.brokerUnits) > 1e-9);
      return { positions, differences };
    },
  };
}
