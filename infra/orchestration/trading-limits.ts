import { accountLimits } from '../../domain/risk/account-limits';
import type { PreTradeLimits } from '../../domain/risk/pre-trade-checks';
import type { AppConfig } from '../config';

/**
 * The pre-trade limits every order passes, from configuration: the deployment's (MAX_ORDER_UNITS and friends), with
 * the account's own overrides (BROKER_ACCOUNTS) when an account is named.
 */
export function preTradeLimitsFrom(config: Pick<AppConfig, 'MAX_ORDER_UNITS' | 'MAX_ORDER_NOTIONAL_USD' | 'MAX_CONCENTRATION' | 'MAX_OPEN_TRADES' | 'MAX_DAILY_LOSS_USD' | 'MAX_ORDERS_PER_MINUTE' | 'broker'>, accountId?: string): PreTradeLimits {
  const deployment: PreTradeLimits = {
    maxUnits: config.MAX_ORDER_UNITS,
    maxNotionalUsd: config.MAX_ORDER_NOTIONAL_USD,
    maxConcentration: config.MAX_CONCENTRATION,
    maxOpenTrades: config.MAX_OPEN_TRADES,
    maxDailyLossUsd: config.MAX_DAILY_LOSS_USD,
    maxOrdersPerWindow: config.MAX_ORDERS_PER_MINUTE,
    orderRateWindowMs: 60_000,
  };
  return accountLimits(deployment, config.broker.accounts.find((account) => account.id === accountId)?.limits);
}
