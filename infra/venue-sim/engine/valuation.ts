import { knownSimInstrument } from '../market/instruments';
import type { PricePath } from '../price/price-path';
import { quoteAt } from '../price/quotes';
import type { AccountRecord, TradeRecord } from './account-state';
import { quoteToHome } from './conversion';

export interface TradeValuation {
  unrealizedPlHome: number;
  marginUsedHome: number;
  positionValueHome: number;
}

/** Open trades are valued at the price that would close them: longs at the bid, shorts at the ask. */
export function valueTrade(path: PricePath, trade: TradeRecord, home: string, timeMs: number): TradeValuation {
  const quote = quoteAt(path, trade.instrument, timeMs);
  const homePerQuote = quoteToHome(path, trade.instrument, home, timeMs);
  const closePrice = trade.currentUnits > 0 ? quote.bid : quote.ask;
  const positionValueHome = Math.abs(trade.currentUnits) * quote.mid * homePerQuote;
  return {
    unrealizedPlHome: (closePrice - trade.openPrice) * trade.currentUnits * homePerQuote,
    marginUsedHome: positionValueHome * knownSimInstrument(trade.instrument).marginRate,
    positionValueHome,
  };
}

export interface AccountValuation {
  unrealizedPlHome: number;
  navHome: number;
  marginUsedHome: number;
  marginAvailableHome: number;
  positionValueHome: number;
}

export function openTrades(account: AccountRecord): TradeRecord[] {
  return account.trades.filter((t) => t.currentUnits !== 0);
}

/** NAV = balance + unrealized P/L; margin used = Σ |units| × mid × margin rate, in the home currency. */
export function valueAccount(path: PricePath, account: AccountRecord, timeMs: number): AccountValuation {
  let unrealizedPlHome = 0;
  let marginUsedHome = 0;
  let positionValueHome = 0;
  for (const trade of openTrades(account)) {
    const v = valueTrade(path, trade, account.currency, timeMs);
    unrealizedPlHome += v.unrealizedPlHome;
    marginUsedHome += v.marginUsedHome;
    positionValueHome += v.positionValueHome;
  }
  const navHome = account.balanceHome + unrealizedPlHome;
  return { unrealizedPlHome, navHome, marginUsedHome, marginAvailableHome: Math.max(0, navHome - marginUsedHome), positionValueHome };
}
