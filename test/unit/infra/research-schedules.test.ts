import { loadConfig } from '../../../infra/config';
import { researchScheduleDefinitions } from '../../../infra/orchestration/research-schedules';
import type { EvolutionCycleInput } from '../../../workflows/definitions/evolution-cycle';
import type { PortfolioRebalanceInput } from '../../../workflows/definitions/portfolio-rebalance';
import type { StrategyOptimizationInput } from '../../../workflows/definitions/strategy-optimization';

describe('researchScheduleDefinitions', () => {
  it('schedules the evolution cycle and the optimization of the configured strategy, and no rebalance without an account', () => {
    const definitions = researchScheduleDefinitions(loadConfig({ RESEARCH_STRATEGY: 'donchian-breakout', RESEARCH_INSTRUMENTS: 'EUR_USD,USD_JPY', EVOLUTION_SCHEDULE: '30m' }));
    expect(definitions.map((d) => [d.scheduleId, d.every, d.workflowType])).toEqual([
      ['evolution-cycle', '30m', 'evolutionCycle'],
      ['strategy-optimization', '24h', 'strategyOptimization'],
    ]);
    const evolution = definitions[0]!.args[0] as EvolutionCycleInput;
    expect(evolution).toMatchObject({ strategy: 'donchian-breakout', instruments: ['EUR_USD', 'USD_JPY'], granularity: 'H1', downloadCandles: true, requestedBy: 'schedule' });
    // A fixed seed would repeat the same mutations every hour.
    expect(evolution.seed).toBeUndefined();
    // A relative period: each nightly run optimizes on the year before it, not the year before the schedule was made.
    expect((definitions[1]!.args[0] as StrategyOptimizationInput).period).toEqual({ lastDays: 365 });
  });

  it('adds the daily equal-weight rebalance when an account is configured', () => {
    const definitions = researchScheduleDefinitions(loadConfig({ REBALANCE_SCHEDULE_ACCOUNT_ID: '101-001-0000001-001', REBALANCE_SCHEDULE_MAX_ORDER_NOTIONAL_USD: '25000' }));
    const rebalance = definitions.find((d) => d.scheduleId === 'portfolio-rebalance')!;
    expect(rebalance).toMatchObject({ every: '24h', workflowType: 'portfolioRebalance' });
    expect(rebalance.args[0] as PortfolioRebalanceInput).toMatchObject({
      accountId: '101-001-0000001-001', method: 'equal_weight', instruments: ['EUR_USD', 'GBP_USD', 'USD_JPY', 'AUD_USD'], maxOrderNotional: 25_000, approvalThresholdUsd: 50_000,
    });
  });
});
