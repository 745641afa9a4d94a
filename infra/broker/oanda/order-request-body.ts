/** Domain order requests → the v20 `order` body, with the client order id in clientExtensions. */
import { BrokerError } from '../../../domain/broker';
import type { OrderRequest, ProtectiveLevel } from '../../../domain/broker';
import { rfc3339, wirePrice, wireUnits } from './parse';

/** OANDA's limit on clientExtensions.id. */
const MAX_CLIENT_ORDER_ID_LENGTH = 128;

export function assertValidClientOrderId(clientOrderId: string, operation: string): void {
  if (clientOrderId.length === 0 || clientOrderId.length > MAX_CLIENT_ORDER_ID_LENGTH) {
    throw new BrokerError('VALIDATION', {
      operation,
      brokerMessage: `clientOrderId must be 1..${MAX_CLIENT_ORDER_ID_LENGTH} characters, got ${clientOrderId.length}`,
    });
  }
}

/** The units as sent, or a VALIDATION error when they are not a number or truncate to zero at the instrument's precision. */
export function sendableUnits(instrument: string, units: number, operation: string): string {
  if (!Number.isFinite(units)) throw new BrokerError('VALIDATION', { operation, brokerMessage: `units must be a finite number, got ${units}` });
  const wire = wireUnits(instrument, units);
  if (Number(wire) === 0) {
    throw new BrokerError('VALIDATION', { operation, brokerMessage: `units ${units} are zero at ${instrument}'s unit precision (sent as ${wire}); nothing to trade` });
  }
  return wire;
}

export function orderRequestBody(request: OrderRequest): Record<string, unknown> {
  const operation = `placeOrder ${request.instrument} client id ${request.clientOrderId}`;
  assertValidClientOrderId(request.clientOrderId, operation);
  const { instrument } = request;
  const body: Record<string, unknown> = {
    type: request.type,
    instrument,
    units: sendableUnits(instrument, request.units, operation),
    positionFill: 'DEFAULT',
    clientExtensions: { id: request.clientOrderId, ...(request.clientComment ? { comment: request.clientComment } : {}) },
    // The trade an order opens carries no link to that order in v20, so it gets the same client id.
    tradeClientExtensions: { id: request.clientOrderId },
  };
  if (request.stopLossOnFill) body.stopLossOnFill = protectiveDetails(instrument, request.stopLossOnFill);
  if (request.takeProfitOnFill) body.takeProfitOnFill = { price: wirePrice(instrument, request.takeProfitOnFill.priceQuote), timeInForce: 'GTC' };

  if (request.type === 'MARKET') {
    body.timeInForce = request.timeInForce ?? 'FOK';
    if (request.priceBoundQuote !== undefined) body.priceBound = wirePrice(instrument, request.priceBoundQuote);
  } else {
    body.price = wirePrice(instrument, request.priceQuote);
    body.timeInForce = request.timeInForce ?? 'GTC';
    if (body.timeInForce === 'GTD') {
      if (request.gtdTimeMs === undefined) throw new BrokerError('VALIDATION', { operation, brokerMessage: 'timeInForce GTD needs gtdTimeMs' });
      body.gtdTime = rfc3339(request.gtdTimeMs);
    }
  }
  return body;
}

function protectiveDetails(instrument: string, level: ProtectiveLevel): Record<string, string> {
  return 'priceQuote' in level
    ? { price: wirePrice(instrument, level.priceQuote), timeInForce: 'GTC' }
    : { distance: wirePrice(instrument, level.distanceQuote), timeInForce: 'GTC' };
}
