import { apiError, ok, type ApiResult } from '../wire/api-result';
import * as format from '../wire/format';
import type { AccountRecord, WireObject } from './account-state';
import { quoteAt } from '../price/quotes';
import { createDependentOrder, type DependentOrderType, type OnFillDetails } from './fills';
import type { CommandContext } from './order-commands';
import { findTrade } from './order-commands';
import { cancelOrder } from './order-lifecycle';
import { checkDependentOrderDetails, checkTrailingStopDetails } from './order-request';
import { TransactionBatch } from './transactions';

type DetailsCheck = (details: unknown, instrument: string) => { reason: string; message: string } | undefined;

const KINDS: ReadonlyArray<{ field: string; type: DependentOrderType; prefix: string; linked: 'takeProfitOrderId' | 'stopLossOrderId' | 'trailingStopLossOrderId'; check: DetailsCheck; echoed: readonly string[] }> = [
  { field: 'takeProfit', type: 'TAKE_PROFIT', prefix: 'takeProfitOrder', linked: 'takeProfitOrderId', check: (details, instrument) => checkDependentOrderDetails(details, 'TAKE_PROFIT', instrument), echoed: ['price', 'timeInForce', 'gtdTime', 'clientExtensions'] },
  { field: 'stopLoss', type: 'STOP_LOSS', prefix: 'stopLossOrder', linked: 'stopLossOrderId', check: (details, instrument) => checkDependentOrderDetails(details, 'STOP_LOSS', instrument), echoed: ['price', 'distance', 'timeInForce', 'gtdTime', 'clientExtensions'] },
  { field: 'trailingStopLoss', type: 'TRAILING_STOP_LOSS', prefix: 'trailingStopLossOrder', linked: 'trailingStopLossOrderId', check: checkTrailingStopDetails, echoed: ['distance', 'timeInForce', 'gtdTime', 'clientExtensions'] },
];

/**
 * PUT /v3/accounts/{id}/trades/{specifier}/orders {takeProfit?, stopLoss?, trailingStopLoss?}: details create the trade's order of that
 * kind or replace the one it has (cancelled as CLIENT_REQUEST_REPLACED, the new one naming it in replacesOrderID); null
 * cancels it. A stop-loss distance counts from the trade's open price, as v20 defines it. Checked whole before
 * anything changes, so a refused request changes nothing.
 */
export function setTradeOrders(ctx: CommandContext, account: AccountRecord, specifier: string, body: unknown): ApiResult {
  const trade = findTrade(account, specifier);
  if (!trade || trade.currentUnits === 0) {
    return apiError(404, `The Trade specified does not exist or is closed (${specifier})`, 'TRADE_DOESNT_EXIST', { lastTransactionID: format.id(account.lastTransactionId) });
  }
  const request = (body ?? {}) as Record<string, unknown>;
  const batch = new TransactionBatch(account, ctx.nowMs, ctx.requestId);
  for (const kind of KINDS) {
    const details = request[kind.field];
    const problem = details === null ? undefined : kind.check(details, trade.instrument);
    if (!problem) continue;
    const echo = Object.fromEntries(Object.entries(details as WireObject).filter(([key]) => kind.echoed.includes(key)));
    const reject = batch.add(`${kind.type}_ORDER_REJECT`, { tradeID: format.id(trade.id), ...echo, reason: 'CLIENT_ORDER', rejectReason: problem.reason });
    return apiError(400, `${kind.field} ${problem.message}`, problem.reason, {
      [`${kind.prefix}RejectTransaction`]: reject, relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: format.id(account.lastTransactionId),
    });
  }
  const response: WireObject = {};
  const quote = quoteAt(ctx.path, trade.instrument, ctx.nowMs);
  const exitPrice = trade.currentUnits > 0 ? quote.bid : quote.ask;
  for (const kind of KINDS) {
    const details = request[kind.field];
    if (details === undefined) continue;
    const existing = account.orders.find((o) => o.id === String(trade[kind.linked]) && o.state === 'PENDING');
    if (existing) response[`${kind.prefix}CancelTransaction`] = cancelOrder(batch, existing, details === null ? 'CLIENT_REQUEST' : 'CLIENT_REQUEST_REPLACED');
    if (details === null) {
      delete trade[kind.linked];
      continue;
    }
    const created = createDependentOrder(account, batch, trade, kind.type, details as OnFillDetails, {
      basePrice: trade.openPrice, exitPrice, reason: existing ? 'REPLACEMENT' : 'CLIENT_ORDER', ...(existing ? { replacesOrderID: existing.id } : {}),
    });
    if (existing) existing.replacedByOrderID = created.id;
    response[`${kind.prefix}Transaction`] = created;
  }
  return ok({ ...response, relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: format.id(account.lastTransactionId) });
}
