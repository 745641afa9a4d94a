import { knownSimInstrument, simInstrument } from '../market/instruments';
import * as format from '../wire/format';
import type { AccountRecord, ClientExtensions, WireObject, WireOrder } from './account-state';

/** A create-order request that passed validation, still in wire form for the order and its transaction. */
/** The order types a client may create (the dependent ones come with a trade). */
export type EntryOrderType = 'MARKET' | 'LIMIT' | 'STOP' | 'MARKET_IF_TOUCHED';
const ENTRY_ORDER_TYPES: readonly string[] = ['MARKET', 'LIMIT', 'STOP', 'MARKET_IF_TOUCHED'];

export interface ValidOrderRequest {
  type: EntryOrderType;
  instrument: string;
  units: number;
  price?: number;
  priceBound?: number;
  gtdTimeMs?: number;
  /** Fields shared by the order and its create transaction, v20 spelling. */
  fields: WireObject;
  clientExtensions?: ClientExtensions;
}

export interface OrderRejection {
  /** Absent when the request is too malformed for OANDA to record a reject transaction. */
  rejectReason?: string;
  errorMessage: string;
  /** Fields of the request to echo in the reject transaction. */
  fields: WireObject;
}

const PRICED = { allowed: ['GTC', 'GTD', 'GFD'], fallback: 'GTC' };
const TIME_IN_FORCE: Record<EntryOrderType, { allowed: string[]; fallback: string }> = {
  MARKET: { allowed: ['FOK', 'IOC'], fallback: 'FOK' },
  LIMIT: PRICED,
  STOP: PRICED,
  MARKET_IF_TOUCHED: PRICED,
};

/**
 * Validates a v20 OrderRequest the way OANDA does, returning the first reject reason found. `replacing` is the pending
 * order a replacement takes the place of: its client id is free for the replacement.
 */
export function validateOrderRequest(account: AccountRecord, body: unknown, nowMs: number, replacing?: WireOrder): ValidOrderRequest | OrderRejection {
  const order = (body as { order?: Record<string, unknown> } | undefined)?.order;
  if (!order || typeof order !== 'object') return reject(undefined, 'Invalid value specified for \'order\': the request body has no "order" object', {});
  const type = order.type as EntryOrderType;
  if (!ENTRY_ORDER_TYPES.includes(type)) {
    return reject(undefined, `Order type ${String(type)} is not supported by the simulator (${ENTRY_ORDER_TYPES.join(', ')} are)`, {});
  }
  const typeFields = type === 'MARKET' ? ['priceBound'] : type === 'LIMIT' ? ['price', 'gtdTime'] : ['price', 'priceBound', 'gtdTime'];
  const echo = pick(order, ['instrument', 'units', 'timeInForce', 'positionFill', 'clientExtensions', 'takeProfitOnFill', 'stopLossOnFill', 'trailingStopLossOnFill', 'tradeClientExtensions', ...typeFields]);
  const instrument = order.instrument;
  if (typeof instrument !== 'string' || instrument === '') return reject('INSTRUMENT_MISSING', 'The order has no instrument', echo);
  const spec = simInstrument(instrument);
  if (!spec) {
    const { instrument: _unknown, ...rest } = echo;
    return reject('INSTRUMENT_UNKNOWN', `Instrument ${instrument} is not tradeable on this account`, rest);
  }
  if (order.units === undefined) return reject('UNITS_MISSING', 'The order has no units', echo);
  const units = format.parseDecimal(order.units);
  if (units === undefined || units === 0) return reject('UNITS_INVALID', `Units ${String(order.units)} must be a non-zero decimal string`, echo);
  if (format.decimalPlaces(String(order.units)) > spec.tradeUnitsPrecision && !Number.isInteger(units)) {
    return reject('UNITS_PRECISION_EXCEEDED', `Units ${String(order.units)} exceed ${instrument}'s precision of ${spec.tradeUnitsPrecision}`, echo);
  }
  if (Math.abs(units) > spec.maximumOrderUnits) return reject('UNITS_LIMIT_EXCEEDED', `Units ${String(order.units)} exceed the maximum of ${spec.maximumOrderUnits}`, echo);
  const tif = TIME_IN_FORCE[type];
  const timeInForce = (order.timeInForce as string | undefined) ?? tif.fallback;
  if (!tif.allowed.includes(timeInForce)) return reject('TIME_IN_FORCE_INVALID', `timeInForce ${timeInForce} is not allowed for ${type} orders (${tif.allowed.join(', ')})`, echo);
  const positionFill = (order.positionFill as string | undefined) ?? 'DEFAULT';
  if (positionFill !== 'DEFAULT') return reject('ORDER_FILL_POSITION_ACTION_INVALID', `positionFill ${positionFill} is not supported (DEFAULT is)`, echo);

  let price: number | undefined;
  let gtdTimeMs: number | undefined;
  if (type !== 'MARKET') {
    if (order.price === undefined) return reject('PRICE_MISSING', `A ${type} order needs a price`, echo);
    price = format.parseDecimal(order.price);
    if (price === undefined || price <= 0) return reject('PRICE_INVALID', `Price ${String(order.price)} is not a positive decimal string`, echo);
    if (format.decimalPlaces(String(order.price)) > spec.displayPrecision) return reject('PRICE_PRECISION_EXCEEDED', `Price ${String(order.price)} has more than ${spec.displayPrecision} decimals`, echo);
    if (timeInForce === 'GTD') {
      if (typeof order.gtdTime !== 'string') return reject('TIME_IN_FORCE_GTD_TIMESTAMP_MISSING', 'A GTD order needs a gtdTime', echo);
      gtdTimeMs = format.parseTime(order.gtdTime);
      if (gtdTimeMs === undefined || gtdTimeMs <= nowMs) return reject('TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST', `gtdTime ${order.gtdTime} is not in the future`, echo);
    }
  }
  let priceBound: number | undefined;
  if (order.priceBound !== undefined) {
    priceBound = format.parseDecimal(order.priceBound);
    if (priceBound === undefined) return reject('PRICE_BOUND_INVALID', `priceBound ${String(order.priceBound)} is not a decimal string`, echo);
  }

  const onFillProblem = checkOnFill(order.takeProfitOnFill, 'TAKE_PROFIT_ON_FILL', instrument) ?? checkOnFill(order.stopLossOnFill, 'STOP_LOSS_ON_FILL', instrument)
    ?? prefixed(checkTrailingStopDetails(order.trailingStopLossOnFill, instrument), 'TRAILING_STOP_LOSS_ON_FILL');
  if (onFillProblem) return reject(onFillProblem.reason, onFillProblem.message, echo);

  // OANDA's rule, no stricter: a client id is taken only while a *pending* order or an *open* trade holds it, so a
  // second MARKET order with the id of a filled one is accepted (and fills) unless the first one's trade is open.
  const clientExtensions = order.clientExtensions as ClientExtensions | undefined;
  if (clientExtensions?.id !== undefined && account.orders.some((o) => o !== replacing && o.state === 'PENDING' && o.clientExtensions?.id === clientExtensions.id)) {
    return reject('CLIENT_ORDER_ID_ALREADY_EXISTS', `The client Order ID ${clientExtensions.id} is already assigned to another pending Order`, echo);
  }
  const tradeClientId = (order.tradeClientExtensions as ClientExtensions | undefined)?.id;
  if (tradeClientId !== undefined && account.trades.some((t) => t.currentUnits !== 0 && t.clientExtensions?.id === tradeClientId)) {
    return reject('CLIENT_TRADE_ID_ALREADY_EXISTS', `The client Trade ID ${tradeClientId} is already assigned to an open Trade`, echo);
  }

  const fields: WireObject = {
    instrument,
    units: format.units(units),
    ...(price !== undefined ? { price: format.price(price, spec.displayPrecision) } : {}),
    timeInForce,
    ...(gtdTimeMs !== undefined ? { gtdTime: format.time(gtdTimeMs) } : {}),
    ...(priceBound !== undefined ? { priceBound: format.price(priceBound, spec.displayPrecision) } : {}),
    positionFill,
    ...(type !== 'MARKET' ? { triggerCondition: 'DEFAULT' } : {}),
    ...pick(order, ['clientExtensions', 'takeProfitOnFill', 'stopLossOnFill', 'trailingStopLossOnFill', 'tradeClientExtensions']),
  };
  return { type, instrument, units, price, priceBound, gtdTimeMs, fields, clientExtensions };
}

export function isRejection(result: ValidOrderRequest | OrderRejection): result is OrderRejection {
  return 'errorMessage' in result;
}

function checkOnFill(details: unknown, prefix: 'TAKE_PROFIT_ON_FILL' | 'STOP_LOSS_ON_FILL', instrument: string): { reason: string; message: string } | undefined {
  const problem = checkDependentOrderDetails(details, prefix === 'TAKE_PROFIT_ON_FILL' ? 'TAKE_PROFIT' : 'STOP_LOSS', instrument);
  return problem && { reason: `${prefix}_${problem.onFillReason}`, message: `${prefix} ${problem.message}` };
}

function prefixed(problem: { reason: string; message: string } | undefined, prefix: string): { reason: string; message: string } | undefined {
  return problem && { reason: `${prefix}_${problem.reason}`, message: `${prefix} ${problem.message}` };
}

/**
 * Trailing stop-loss details: a distance within the instrument's trailing-stop bounds, at its price precision. The
 * reasons are v20's (PRICE_DISTANCE_…), prefixed by the caller for an order's on-fill details.
 */
export function checkTrailingStopDetails(details: unknown, instrument: string): { reason: string; message: string } | undefined {
  if (details === undefined) return undefined;
  const d = details as { distance?: unknown; timeInForce?: unknown };
  if (d.distance === undefined) return { reason: 'PRICE_DISTANCE_MISSING', message: 'needs a distance' };
  const distance = format.parseDecimal(d.distance);
  if (!(distance! > 0)) return { reason: 'PRICE_DISTANCE_INVALID', message: `distance ${String(d.distance)} is not a positive decimal string` };
  const spec = knownSimInstrument(instrument);
  if (format.decimalPlaces(String(d.distance)) > spec.displayPrecision) {
    return { reason: 'PRICE_DISTANCE_PRECISION_EXCEEDED', message: `distance ${String(d.distance)} has more than ${spec.displayPrecision} decimals` };
  }
  if (distance! < spec.minimumTrailingStopDistance) return { reason: 'PRICE_DISTANCE_MINIMUM_NOT_MET', message: `distance ${String(d.distance)} is below ${spec.minimumTrailingStopDistance}` };
  if (distance! > spec.maximumTrailingStopDistance) return { reason: 'PRICE_DISTANCE_MAXIMUM_EXCEEDED', message: `distance ${String(d.distance)} is above ${spec.maximumTrailingStopDistance}` };
  if (d.timeInForce !== undefined && d.timeInForce !== 'GTC') return { reason: 'TIME_IN_FORCE_INVALID', message: `timeInForce ${String(d.timeInForce)} is not supported (GTC is)` };
  return undefined;
}

/**
 * Take-profit (a price) or stop-loss (a price or a distance, not both) details, as given on fill or for an open trade,
 * at the instrument's price precision. v20 names each problem twice: `onFillReason` follows the on-fill prefix
 * (STOP_LOSS_ON_FILL_…), `reason` is the name for a trade's own order.
 */
export function checkDependentOrderDetails(details: unknown, kind: 'TAKE_PROFIT' | 'STOP_LOSS', instrument: string): { reason: string; onFillReason: string; message: string } | undefined {
  if (details === undefined) return undefined;
  const d = details as { price?: unknown; distance?: unknown; timeInForce?: unknown };
  const problem = (onFillReason: string, reason: string, message: string) => ({ onFillReason, reason, message });
  const precision = knownSimInstrument(instrument).displayPrecision;
  if (kind === 'STOP_LOSS' && d.price !== undefined && d.distance !== undefined) {
    return problem('PRICE_AND_DISTANCE_BOTH_SPECIFIED', 'STOP_LOSS_ORDER_PRICE_AND_DISTANCE_BOTH_SPECIFIED', 'gives both a price and a distance');
  }
  if (kind === 'STOP_LOSS' && d.price === undefined && d.distance === undefined) {
    return problem('PRICE_AND_DISTANCE_BOTH_MISSING', 'STOP_LOSS_ORDER_PRICE_AND_DISTANCE_BOTH_MISSING', 'needs a price or a distance');
  }
  if (kind === 'TAKE_PROFIT' && d.price === undefined) return problem('PRICE_MISSING', 'PRICE_MISSING', 'needs a price');
  if (d.price !== undefined) {
    if (format.parseDecimal(d.price) === undefined) return problem('PRICE_INVALID', 'PRICE_INVALID', `price ${String(d.price)} is not a decimal string`);
    if (format.decimalPlaces(String(d.price)) > precision) return problem('PRICE_PRECISION_EXCEEDED', 'PRICE_PRECISION_EXCEEDED', `price ${String(d.price)} has more than ${precision} decimals`);
  }
  if (d.distance !== undefined) {
    if (!(format.parseDecimal(d.distance)! > 0)) return problem('DISTANCE_INVALID', 'PRICE_DISTANCE_INVALID', `distance ${String(d.distance)} is not a positive decimal string`);
    if (format.decimalPlaces(String(d.distance)) > precision) return problem('DISTANCE_PRECISION_EXCEEDED', 'PRICE_DISTANCE_PRECISION_EXCEEDED', `distance ${String(d.distance)} has more than ${precision} decimals`);
  }
  if (d.timeInForce !== undefined && d.timeInForce !== 'GTC') return problem('TIME_IN_FORCE_INVALID', 'TIME_IN_FORCE_INVALID', `timeInForce ${String(d.timeInForce)} is not supported (GTC is)`);
  return undefined;
}

function reject(rejectReason: string | undefined, errorMessage: string, fields: WireObject): OrderRejection {
  return { rejectReason, errorMessage, fields };
}

function pick(source: Record<string, unknown>, keys: string[]): WireObject {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}
