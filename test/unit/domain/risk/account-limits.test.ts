import { accountLimits } from '../../../../domain/risk/account-limits';
import type { PreTradeLimits } from '../../../../domain/risk/pre-trade-checks';

const deployment: PreTradeLimits = {
  maxUnits: 1_000_000, maxNotionalUsd: 100_000, maxConcentration: 1.5, maxOpenTrades: 50, maxDailyLossUsd: 5_000, maxOrdersPerWindow: 30, orderRateWindowMs: 60_000,
};

describe('accountLimits', () => {
  it('takes the account\'s own limits where it sets them and the deployment\'s elsewhere', () => {
    expect(accountLimits(deployment, { maxDailyLossUsd: 1_000, maxOpenTrades: 80 })).toEqual({ ...deployment, maxDailyLossUsd: 1_000, maxOpenTrades: 80 });
  });

  it('is the deployment\'s for an account without overrides, and never changes the rate window', () => {
    expect(accountLimits(deployment, undefined)).toEqual(deployment);
    expect(accountLimits(deployment, { orderRateWindowMs: 1 } as never)).toEqual(deployment);
  });
});
