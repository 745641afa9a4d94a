import { findStrategy, STRATEGY_NAMES, type ParameterValues } from '../../domain/strategies';
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
  const validation = strategy.validateParams(raw);
  if (!validation.ok) {
    throw badInput('INVALID_PARAMS', `parameters of ${strategy.name} are invalid: ${validation.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
  const warmupBars = strategy.warmupBars(validation.params);
  if (lookback < warmupBars) {
    throw badInput('LOOKBACK_TOO_SHORT', `lookback ${lookback} is shorter than the ${warmupBars} candles ${strategy.name} needs to warm up with these parameters`);
  }
  return { name: strategy.name, params: validation.params, paramsVersion, warmupBars };
}
