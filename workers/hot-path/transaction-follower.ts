import { setTimeout as sleep } from 'node:timers/promises';
import type { Broker } from '../../domain/broker/broker';
import type { BrokerTransaction } from '../../domain/broker/transaction';
import type { FillReport } from '../../domain/execution/engine-types';

export interface FollowedFill {
  report: FillReport;
  transaction: BrokerTransaction;
}

const FILL_REASONS: Readonly<Record<string, FillReport['reason']>> = {
  STOP_LOSS_ORDER: 'stop-loss',
  TAKE_PROFIT_ORDER: 'take-profit',
};

/** A fill transaction as the engine takes it; the hot path's own orders are recognised by their client id prefix. */
export function fillReport(transaction: BrokerTransaction, ownClientIdPrefix: string): FillReport | undefined {
  if (transaction.type !== 'ORDER_FILL' || !transaction.instrument || !transaction.units || transaction.priceQuote === undefined) return undefined;
  const own = transaction.clientOrderId?.startsWith(ownClientIdPrefix) ?? false;
  return {
    instrument: transaction.instrument,
    units: transaction.units,
    priceQuote: transaction.priceQuote,
    realizedPlAccount: transaction.realizedPl ?? 0,
    timeMs: transaction.timeMs,
    clientOrderId: own ? transaction.clientOrderId : undefined,
    reason: own ? 'order' : FILL_REASONS[transaction.reason ?? ''] ?? 'external',
  };
}

/**
 * Reads the account's transactions in order from the id reconciliation ended at, and hands over every fill: the
 * hot path's orders, the stop-losses and take-profits the venue filled on its own, and orders other paths placed.
 * Fills come only from here, never from placeOrder's answer, so each is applied to the engine exactly once.
 */
export class TransactionFollower {
  private lastId: string;

  constructor(
    private readonly broker: Broker,
    startAfterId: string,
    private readonly onFill: (fill: FollowedFill) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.lastId = startAfterId;
  }

  /** The latest transaction id read: what placeOrder needs as the last id known before its first attempt. */
  get lastTransactionId(): string {
    return this.lastId;
  }

  /** Reads every page now available. */
  async poll(): Promise<void> {
    for (;;) {
      const page = await this.broker.transactionsSince(this.lastId);
      for (const transaction of page.transactions) {
        this.lastId = transaction.transactionId;
        const report = fillReport(transaction, `hp-${this.broker.accountId}-`);
        if (report) this.onFill({ report, transaction });
      }
      if (page.transactions.length === 0 || this.lastId === page.lastTransactionId) return;
    }
  }

  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.poll();
      } catch (error) {
        this.onError(error);
      }
      await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }
}
