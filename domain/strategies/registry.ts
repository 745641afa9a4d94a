import { donchianBreakout } from './donchian-breakout';
import { maCrossover } from './ma-crossover';
import { meanReversion } from './mean-reversion';
import type { ParameterValues } from './parameter-space';
import { rsiReversal } from './rsi-reversal';
import type { StrategyDefinition } from './types';

export const STRATEGIES: readonly StrategyDefinition<ParameterValues>[] = [maCrossover, meanReversion, donchianBreakout, rsiReversal];

export const STRATEGY_NAMES: readonly string[] = STRATEGIES.map((strategy) => strategy.name);

export function findStrategy(name: string): StrategyDefinition<ParameterValues> | undefined {
  return STRATEGIES.find((strategy) => strategy.name === name);
}

export function getStrategy(name: string): StrategyDefinition<ParameterValues> {
  const strategy = findStrategy(name);
  if (!strategy) throw new Error(`unknown strategy "${name}"; known strategies: ${STRATEGY_NAMES.join(', ')}`);
  return strategy;
}
