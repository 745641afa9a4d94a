import { checkStrategyParams, findStrategy, STRATEGY_NAMES, type ParameterValues } from '../../domain/strategies';
import type { Database } from '../../infra/db/client';
import { activeStrategyParams } from '../../infra/db/queries/strategy-params';
import type { ResolvedStrategy, StrategyChoice } from '../../workflows/definitions/analysis-to-trade';
import { badInput } from '../broker/broker-failure';

/**
 * The strategy and parameters a run trades: explicit parameters over the strategy's defaults, or its active
 * strategy_params version. Anything unknown or invalid fails at once, naming every bad field.
 */
export async function resolveStrategyChoice(db: Database, choice: StrategyChoice, lookback: number): Promise<ResolvedStrategy> {
  const strategy = findStrategy(choice.name);
  if (!strategy) throw badInput('UNKNOWN_STRATEGY', `unknown strategy "${choice.name}"; known strategies: ${STRATEGY_NAMES.join(', ')}`);
  let raw: ParameterValues;
  let paramsVersion: number | undefined;
  if (choice.params === 'active') {
    const active = await activeStrategyParams(db, strategy.name);
    if (!active) throw badInput('NO_ACTIVE_PARAMS', `strategy ${strategy.name} has no active strategy_params version`);
    raw = active.params as ParameterValues;
    paramsVersion = active.version;
  } else {
    raw = { ...strategy.defaults, ...choice.params };
  }
  const checked = checkStrategyParams(strategy, raw, lookback);
  if (!checked.ok) throw badInput(checked.code, checked.message);
  return { name: strategy.name, params: checked.params, paramsVersion, warmupBars: checked.warmupBars };
}
