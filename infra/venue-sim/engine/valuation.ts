import { knownSimInstrument } from '../market/instruments';
import type { PricePath } from '../price/price-path';
import { quoteAt } from '../price/quotes';
import type { AccountRecord, TradeRecord } from './account-state';
import { quoteToUsd } from './conversion';

export interface TradeValuation {
  unrealizedPlUsd: number;
  marginUsedUsd: number;
  positionValueUsd: number;
}

/** Open trades are valued at the price that would close them: longs at the bid, shorts at the ask. */
export function valueTrade(path: PricePath, trade: TradeRecord, timeMs: number): TradeValuation {
  const quote = quoteAt(path, trade.instrument, timeMs);
  const usdPerQuote = quoteToUsd(path, trade.instrument, timeMs);
  const closePrice = trade.currentUnits > 0 ? quote.bid : quote.ask;
  const positionValueUsd = Math.abs(trade.currentUnits) * quote.mid * usdPerQuote;
  return {
    unrealizedPlUsd: (closePrice - trade.openPrice) * trade.currentUnits * usdPerQuote,
    marginUsedUsd: positionValueUsd * knownSimInstrument(trade.instrument).marginRate,
    positionValueUsd,
  };
}

export interface AccountValuation {
  unrealizedPlUsd: number;
  navUsd: number;
  marginUsedUsd: number;
  marginAvailableUsd: number;
  positionValueUsd: number;
}

export function openTrades(account: AccountRecord): TradeRecord[] {
  return account.trades.filter((t) => t.currentUnits !== 0);
}

/** NAV = balance + unrealized P/L; margin used = Σ |units| × mid × margin rate, in USD. */
export function valueAccount(path: PricePath, account: AccountRecord, timeMs: number): AccountValuation {
  let unrealizedPlUsd = 0;
  let marginUsedUsd = 0;
  let positionValueUsd = 0;
  for (const trade of openTrades(account)) {
    const v = valueTrade(path, trade, timeMs);
    unrealizedPlUsd += v.unrealizedPlUsd;
    marginUsedUsd += v.marginUsedUsd;
    positionValueUsd += v.positionValueUsd;
  }
  const navUsd = account.balanceUsd + unrealizedPlUsd;
  return { unrealizedPlUsd, navUsd, marginUsedUsd, marginAvailableUsd: Math.max(0, navUsd - marginUsedUsd), positionValueUsd };
}
