import { getStrategy, findStrategy, STRATEGIES, STRATEGY_NAMES } from '../../../../domain/strategies/registry';
import { defineStrategy } from '../../../../domain/strategies/define-strategy';
import { maCrossover } from '../../../../domain/strategies/ma-crossover';

describe('strategy registry', () => {
  it('lists the four strategies by unique name, each with valid defaults', () => {
    expect(STRATEGY_NAMES).toEqual(['ma-crossover', 'mean-reversion', 'donchian-breakout', 'rsi-reversal']);
    for (const strategy of STRATEGIES) expect(strategy.validateParams(strategy.defaults)).toEqual({ ok: true, params: strategy.defaults });
  });

  it('finds a strategy by name and names the known ones when it cannot', () => {
    expect(getStrategy('ma-crossover')).toBe(maCrossover);
    expect(findStrategy('nope')).toBeUndefined();
    expect(() => getStrategy('nope')).toThrow('unknown strategy "nope"; known strategies: ma-crossover, mean-reversion, donchian-breakout, rsi-reversal');
  });

  it('refuses to define a strategy whose defaults break its own space', () => {
    expect(() => defineStrategy({ ...maCrossover, name: 'broken', defaults: { ...maCrossover.defaults, fastPeriod: 50, slowPeriod: 20 } }))
      .toThrow('strategy broken has invalid defaults: fastPeriod, slowPeriod must satisfy fastPeriod < slowPeriod');
  });
});
