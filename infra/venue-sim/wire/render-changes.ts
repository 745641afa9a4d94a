import type { AccountRecord, WireObject } from '../engine/account-state';
import { openTrades, valueTrade } from '../engine/valuation';
import type { PricePath } from '../price/price-path';
import { renderAccountSummary, renderPosition, renderTrade } from './render-account';
import * as format from './format';

/** The summary fields v20's AccountChangesState repeats: what moves with the price. */
const PRICE_DEPENDENT_FIELDS = [
  'unrealizedPL', 'NAV', 'marginUsed', 'marginAvailable', 'positionValue', 'marginCloseoutUnrealizedPL', 'marginCloseoutNAV',
  'marginCloseoutMarginUsed', 'marginCloseoutPercent', 'marginCloseoutPositionValue', 'withdrawalLimit', 'marginCallMarginUsed', 'marginCallPercent',
] as const;

/**
 * GET /changes since a transaction: the orders created, cancelled and filled, the trades opened, reduced and closed
 * (and the positions they are in) by the transactions after it, those transactions, and the account's state now.
 */
export function renderChanges(path: PricePath, account: AccountRecord, sinceId: number, nowMs: number): WireObject {
  const after = (id: unknown): boolean => id !== undefined && Number(id) > sinceId;
  const trades = account.trades;
  const tradesOpened = trades.filter((t) => t.id > sinceId);
  const tradesReduced = trades.filter((t) => t.currentUnits !== 0 && t.closingTransactionIds.some(after));
  const tradesClosed = trades.filter((t) => t.currentUnits === 0 && t.closingTransactionIds.some(after));
  const touched = new Set([...tradesOpened, ...tradesReduced, ...tradesClosed].map((t) => t.instrument));
  const summary = renderAccountSummary(path, account, nowMs);
  const open = openTrades(account);
  return {
    changes: {
      ordersCreated: account.orders.filter((o) => after(o.id)),
      ordersCancelled: account.orders.filter((o) => after(o.cancellingTransactionID)),
      ordersFilled: account.orders.filter((o) => after(o.fillingTransactionID)),
      ordersTriggered: [],
      tradesOpened: tradesOpened.map((t) => renderTrade(path, account, t, nowMs, 'summary')),
      tradesReduced: tradesReduced.map((t) => renderTrade(path, account, t, nowMs, 'summary')),
      tradesClosed: tradesClosed.map((t) => renderTrade(path, account, t, nowMs, 'summary')),
      positions: [...touched].map((instrument) => renderPosition(path, account, instrument, nowMs)),
      transactions: account.transactions.filter((t) => after(t.id)),
    },
    state: {
      ...Object.fromEntries(PRICE_DEPENDENT_FIELDS.map((field) => [field, summary[field]])),
      orders: [],
      trades: open.map((t) => {
        const value = valueTrade(path, account, t, nowMs);
        return { id: format.id(t.id), unrealizedPL: format.money(value.unrealizedPlHome), marginUsed: format.money(value.marginUsedHome) };
      }),
      positions: [...new Set(open.map((t) => t.instrument))].map((instrument) => {
        const position = renderPosition(path, account, instrument, nowMs) as { unrealizedPL: string; marginUsed: string; long: { unrealizedPL: string }; short: { unrealizedPL: string } };
        return { instrument, netUnrealizedPL: position.unrealizedPL, longUnrealizedPL: position.long.unrealizedPL, shortUnrealizedPL: position.short.unrealizedPL, marginUsed: position.marginUsed };
      }),
    },
    lastTransactionID: format.id(account.lastTransactionId),
  };
}
