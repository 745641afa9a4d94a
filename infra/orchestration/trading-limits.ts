import type { PreTradeLimits } from '../../domain/risk/pre-trade-checks';
import type { AppConfig } from '../config';

/** The pre-trade limits every workflow order passes, from configuration. */
export function preTradeLimitsFrom(config: AppConfig): PreTradeLimits {
  return {
    maxUnits: config.MAX_ORDER_UNITS,
    maxNotionalUsd: config.MAX_ORDER_NOTIONAL_USD,
    maxConcentration: config.MAX_CONCENTRATION,
    maxOpenTrades: config.MAX_OPEN_TRADES,
    maxDailyLossUsd: config.MAX_DAILY_LOSS_USD,
    maxOrdersPerWindow: config.MAX_ORDERS_PER_MINUTE,
    orderRateWindowMs: 60_000,
  };
}
