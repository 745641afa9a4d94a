import type { PreTradeLimits } from './pre-trade-checks';

/** The limits one account may set tighter or looser than the deployment's (the rate window stays the deployment's). */
export const OVERRIDABLE_LIMITS = ['maxUnits', 'maxNotionalUsd', 'maxConcentration', 'maxOpenTrades', 'maxDailyLossUsd', 'maxOrdersPerWindow'] as const;
export type OverridableLimit = (typeof OVERRIDABLE_LIMITS)[number];

export type AccountLimitOverrides = Partial<Record<OverridableLimit, number>>;

/** The limits that apply to an account: its own where it sets them, the deployment's otherwise. */
export function accountLimits(deployment: PreTradeLimits, overrides: AccountLimitOverrides | undefined): PreTradeLimits {
  const limits = { ...deployment };
  for (const name of OVERRIDABLE_LIMITS) {
    const value = overrides?.[name];
    if (value !== undefined) limits[name] = value;
  }
  return limits;
}
