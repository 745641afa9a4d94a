import { knownSimInstrument, type SimInstrumentName } from '../market/instruments';
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
/** The account's margin rate until PATCH /configuration sets another (50:1). */
export const DEFAULT_ACCOUNT_MARGIN_RATE = 0.02;

/** As OANDA applies them: the larger of the instrument's margin rate and the account's. */
export function marginRateOf(account: AccountRecord, instrument: SimInstrumentName): number {
  return Math.max(knownSimInstrument(instrument).marginRate, account.marginRate ?? DEFAULT_ACCOUNT_MARGIN_RATE);
}

export function valueTrade(path: PricePath, account: AccountRecord, trade: TradeRecord, timeMs: number): TradeValuation {
  const quote = quoteAt(path, trade.instrument, timeMs);
  const homePerQuote = quoteToHome(path, trade.instrument, account.currency, timeMs);
  const closePrice = trade.currentUnits > 0 ? quote.bid : quote.ask;
  const positionValueHome = Math.abs(trade.currentUnits) * quote.mid * homePerQuote;
  return {
    unrealizedPlHome: (closePrice - trade.openPrice) * trade.currentUnits * homePerQuote,
    marginUsedHome: positionValueHome * marginRateOf(account, trade.instrument),
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
    const v = valueTrade(path, account, trade, timeMs);
    unrealizedPlHome += v.unrealizedPlHome;
    marginUsedHome += v.marginUsedHome;
    positionValueHome += v.positionValueHome;
  }
  const navHome = account.balanceHome + unrealizedPlHome;
  return { unrealizedPlHome, navHome, marginUsedHome, marginAvailableHome: Math.max(0, navHome - marginUsedHome), positionValueHome };
}
