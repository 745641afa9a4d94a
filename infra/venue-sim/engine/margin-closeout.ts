import type { PricePath } from '../price/price-path';
import * as format from '../wire/format';
import type { AccountRecord, WireOrder } from './account-state';
import { fillOrder } from './fills';
import { TransactionBatch } from './transactions';
import { openTrades, valueAccount } from './valuation';

/**
 * OANDA's margin closeout: once the account's closeout NAV is no more than half its margin used (its
 * marginCloseoutPercent reaches 1), every open position whose market is open is closed at the market, each by a
 * MARKET order of reason MARGIN_CLOSEOUT filled as MARKET_ORDER_MARGIN_CLOSEOUT. Checked whenever the venue catches up
 * with the clock (every request and every trigger tick), not second by second in between.
 */
export function closeOutOnMarginCall(path: PricePath, account: AccountRecord, timeMs: number, requestId: string): boolean {
  const trades = openTrades(account);
  if (trades.length === 0) return false;
  const valuation = valueAccount(path, account, timeMs);
  if (valuation.navHome > valuation.marginUsedHome / 2) return false;
  const batch = new TransactionBatch(account, timeMs, requestId);
  for (const instrument of new Set(trades.map((trade) => trade.instrument))) {
    if (!path.hours.isOpen(instrument, timeMs)) continue;
    const units = -trades.filter((trade) => trade.instrument === instrument).reduce((sum, trade) => sum + trade.currentUnits, 0);
    const fields = { instrument, units: format.units(units), timeInForce: 'FOK', positionFill: 'REDUCE_ONLY' };
    const create = batch.add('MARKET_ORDER', { ...fields, reason: 'MARGIN_CLOSEOUT', marginCloseout: { reason: 'MARGIN_CHECK_VIOLATION' } });
    const order: WireOrder = { id: create.id as string, createTime: create.time as string, type: 'MARKET', state: 'PENDING', ...fields };
    account.orders.push(order);
    fillOrder(path, account, batch, { order, instrument, units, reason: 'MARKET_ORDER_MARGIN_CLOSEOUT' });
  }
  return true;
}
