import type { MarketOrderRequest } from '../broker/order';
import type { InstrumentSpec } from '../market';
import type { OrderIntent, OrderPurpose } from './engine-types';

export function orderPurpose(positionUnits: number, targetUnits: number): OrderPurpose {
  if (positionUnits === 0) return 'open';
  if (targetUnits === 0) return 'close';
  if (Math.sign(targetUnits) !== Math.sign(positionUnits)) return 'reverse';
  return Math.abs(targetUnits) < Math.abs(positionUnits) ? 'reduce' : 'increase';
}

const roundTo = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/**
 * The market order for an intent. Fill-or-kill, so the answer is a fill or a cancel, never a resting order. The
 * stop and take-profit attach to the trade the order opens (on a reversal, the new side), rounded to the
 * instrument's display precision because the venue rejects finer prices.
 */
export function marketOrderRequest(intent: Omit<OrderIntent, 'request'>, spec: InstrumentSpec): MarketOrderRequest {
  const request: MarketOrderRequest = {
    type: 'MARKET',
    timeInForce: 'FOK',
    clientOrderId: intent.clientOrderId,
    instrument: intent.instrument,
    units: intent.units,
    clientComment: `hot-path ${intent.strategy} params ${intent.paramsVersion}`,
  };
  if (intent.stopDistanceQuote > 0) request.stopLossOnFill = { distanceQuote: roundTo(intent.stopDistanceQuote, spec.displayPrecision) };
  if (intent.takeProfitPriceQuote > 0) request.takeProfitOnFill = { priceQuote: roundTo(intent.takeProfitPriceQuote, spec.displayPrecision) };
  return request;
}
