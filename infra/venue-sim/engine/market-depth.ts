import type { WireObject, WireOrder, AccountRecord } from './account-state';
import { fillOrder, type FillOutcome } from './fills';
import { cancelOrder } from './order-lifecycle';
import type { CommandContext } from './order-commands';
import type { TransactionBatch } from './transactions';

/**
 * What OANDA's prices show as the liquidity at the top of the book for majors. With no depth set the simulator shows
 * it and fills any size at one price, as OANDA fills a large order across the levels behind it.
 */
export const SHOWN_LIQUIDITY_UNITS = 10_000_000;

/**
 * A client's MARKET order meets a book `ctx.liquidityUnits` deep at the quoted price (the liquidity its prices show):
 * within it the order fills whole; beyond it a fill-or-kill order is cancelled INSUFFICIENT_LIQUIDITY, and an
 * immediate-or-cancel one fills what the book holds, the rest cancelled INSUFFICIENT_LIQUIDITY in the same batch.
 */
export function fillMarketOrder(
  ctx: CommandContext, account: AccountRecord, batch: TransactionBatch, order: WireOrder, request: { instrument: string; units: number; priceBound?: number },
): { outcome: FillOutcome; remainderCancel?: WireObject } {
  const depth = ctx.liquidityUnits ?? Number.POSITIVE_INFINITY;
  const fill = (units: number) => fillOrder(ctx.path, account, batch, { order, instrument: request.instrument, units, reason: 'MARKET_ORDER', priceBound: request.priceBound });
  // A closed market cancels the order MARKET_HALTED whatever its size.
  if (Math.abs(request.units) <= depth || !ctx.path.hours.isOpen(request.instrument, ctx.nowMs)) return { outcome: fill(request.units) };
  if (order.timeInForce !== 'IOC') return { outcome: { cancel: cancelOrder(batch, order, 'INSUFFICIENT_LIQUIDITY') } };
  const outcome = fill(Math.sign(request.units) * depth);
  if (!outcome.fill) return { outcome };
  const remainderCancel = batch.add('ORDER_CANCEL', {
    orderID: order.id,
    ...(order.clientExtensions?.id ? { clientOrderID: order.clientExtensions.id } : {}),
    reason: 'INSUFFICIENT_LIQUIDITY',
  });
  return { outcome, remainderCancel };
}
