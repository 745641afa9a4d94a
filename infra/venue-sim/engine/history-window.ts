import type { AccountRecord } from './account-state';

/**
 * Forgets an account's history older than its newest `keepTransactions` transactions: those transactions, and the
 * orders and trades that can no longer change (filled or cancelled orders, closed trades) that ended before the oldest
 * transaction kept. Pending orders and open trades always stay. OANDA keeps an account's history for ever; the
 * simulator keeps a window so that its state, its start-up and its memory stay bounded over months. Returns how many
 * transactions it forgot.
 */
export function forgetOldHistory(account: AccountRecord, keepTransactions: number): number {
  const forgotten = account.transactions.length - keepTransactions;
  if (forgotten <= 0) return 0;
  account.transactions.splice(0, forgotten);
  const oldestKept = Number(account.transactions[0]?.id ?? account.lastTransactionId + 1);
  retainInPlace(account.orders, (order) => order.state === 'PENDING' || Number(order.id) >= oldestKept);
  retainInPlace(account.trades, (trade) => trade.currentUnits !== 0 || (trade.closingTransactionIds.at(-1) ?? trade.id) >= oldestKept);
  return forgotten;
}

/** Array.filter in place: the venue holds these arrays, so they are not replaced. */
function retainInPlace<T>(items: T[], keep: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (keep(item)) items[kept++] = item;
  items.length = kept;
}
