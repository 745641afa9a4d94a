/** Assertions the Broker contract repeats. */
import { randomUUID } from 'node:crypto';
import { isBrokerError } from '../../../domain/broker';
import type { Broker, BrokerError, BrokerErrorCode, PlaceOrderOptions, PriceStreamEvent } from '../../../domain/broker';

/** Resolves to the BrokerError the promise rejected with, after checking its code and retryability. */
export async function expectBrokerError(promise: Promise<unknown>, code: BrokerErrorCode, retryable: boolean): Promise<BrokerError> {
  const outcome = await promise.then((value: unknown) => ({ value }), (error: unknown) => ({ error }));
  if (!('error' in outcome)) throw new Error(`expected a ${code} BrokerError, got a result: ${JSON.stringify(outcome.value)}`);
  if (!isBrokerError(outcome.error)) throw outcome.error;
  expect({ code: outcome.error.code, retryable: outcome.error.retryable }).toEqual({ code, retryable });
  return outcome.error;
}

/** Client order ids unique across runs, since a practice account keeps every order it ever saw. */
export function clientOrderId(purpose: string): string {
  return `contract-${purpose}-${randomUUID().slice(0, 8)}`;
}

/** What a first placement attempt records before it starts: the account's last transaction id. */
export async function placementOptions(broker: Broker): Promise<PlaceOrderOptions> {
  return { lastKnownTransactionId: (await broker.accountSummary()).lastTransactionId };
}

/** How many orders the venue created with this client id since `transactionId`. */
export async function ordersCreatedWithClientId(broker: Broker, transactionId: string, id: string): Promise<number> {
  const { transactions } = await broker.transactionsSince(transactionId);
  return transactions.filter((transaction) => transaction.clientOrderId === id && transaction.type.endsWith('_ORDER')).length;
}

/** Reads the stream until `until` matches an event, then stops; fails after `timeoutMs`. */
export async function readStreamUntil(
  events: AsyncIterable<PriceStreamEvent>,
  until: (event: PriceStreamEvent, seen: PriceStreamEvent[]) => boolean,
  timeoutMs: number,
): Promise<PriceStreamEvent[]> {
  const seen: PriceStreamEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`stream condition not met within ${timeoutMs} ms; saw ${JSON.stringify(seen.map((e) => e.type))}`)), timeoutMs);
  });
  const reading = (async () => {
    for await (const event of events) {
      seen.push(event);
      if (until(event, seen)) return seen;
    }
    throw new Error('stream ended');
  })();
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
