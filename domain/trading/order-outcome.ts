/**
 * What the product records of an order it sent, whichever path sent it: the one mapping from what the venue says
 * of an order to the status of its `orders` row.
 */
import type { OrderResult } from '../broker/order';

export const ORDER_STATUSES = ['submitting', 'pending', 'filled', 'cancelled', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An orders row brought up to what is known of the order; absent fields are left as they are. */
export interface OrderOutcome {
  status: OrderStatus;
  brokerOrderId?: string;
  filledUnits?: number;
  fillPrice?: number;
  rejectReason?: string;
}

/** The venue's answer to a placement, or the order a look-up found under the client id. */
export function outcomeOfResult(result: OrderResult): OrderOutcome {
  const status: OrderStatus = result.state === 'FILLED' ? 'filled' : result.state === 'CANCELLED' ? 'cancelled' : 'pending';
  return { status, brokerOrderId: result.orderId, filledUnits: result.filledUnits, fillPrice: result.fillPriceQuote };
}

/** A look-up's answer; `absentReason` says why an order the venue never received is closed as cancelled. */
export function outcomeOfLookUp(result: OrderResult | undefined, absentReason: string): OrderOutcome {
  return result ? outcomeOfResult(result) : { status: 'cancelled', rejectReason: absentReason };
}

/** The venue refused the order, or cancelled it at once (a fill-or-kill that could not fill). */
export function outcomeOfRefusal(reason: string): OrderOutcome {
  return { status: 'rejected', rejectReason: reason };
}
