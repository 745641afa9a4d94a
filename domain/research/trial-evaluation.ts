import { runBacktest, type BacktestConfig } from '../backtest/backtester';
import type { CandleSeries } from '../backtest/candle-series';
import { instrumentSpec, type InstrumentName } from '../market';
import type { ParameterValues } from '../strategies/parameter-space';
import type { StrategyDefinition } from '../strategies/types';
import { sharpeEstimate } from './deflated-sharpe';
import { capRatio, type Objective } from './objective';
import { periodReturns, segmentMetrics, type SegmentMetrics } from './segment-metrics';
import { sliceCandleSeries } from './slice-series';
import type { BarRange, Fold } from './walk-forward';

/** Backtest settings shared by every instrument; the instrument spec comes from the series' key. */
export type BacktestSettings = Omit<BacktestConfig, 'instrument' | 'quoteToAccountCrossRate'> & {
  /** Quote→account rates for crosses such as EUR_JPY in a USD account, by instrument. */
  quoteToAccountCrossRates?: Readonly<Record<InstrumentName, number>>;
};

export interface TrialConstraints {
  /** Fewest out-of-sample trades, over every instrument and fold, for a result to count. */
  minTrades?: number;
  /** Largest out-of-sample drawdown (fraction) allowed on any instrument or on the portfolio. */
  maxDrawdown?: number;
}

export interface ConstraintViolation {
  constraint: keyof TrialConstraints;
  message: string;
}

export interface SegmentEvaluation {
  range: BarRange;
  /** Equal-weight portfolio of the instruments' bar returns. */
  portfolio: SegmentMetrics;
  byInstrument: Record<InstrumentName, SegmentMetrics>;
}

export interface FoldEvaluation {
  index: number;
  inSample?: SegmentEvaluation;
  outOfSample: SegmentEvaluation;
}

export interface TrialEvaluation {
  params: ParameterValues;
  objective: Objective;
  /** Out-of-sample objective of the portfolio over every fold: what trials are ranked by. */
  score: number;
  feasible: boolean;
  violations: ConstraintViolation[];
  /** Portfolio over the concatenated out-of-sample windows. */
  outOfSample: SegmentMetrics;
  outOfSampleByInstrument: Record<InstrumentName, SegmentMetrics>;
  /** Mean in-sample portfolio objective over the folds; null when the folds have no in-sample window. */
  inSampleObjective: number | null;
  /** Worst out-of-sample drawdown of any instrument or the portfolio. */
  maxDrawdown: number;
  trades: number;
  /** Out-of-sample portfolio returns compounded per `periodBars`: the sample for the gate's paired test and the DSR. */
  periodReturns: number[];
  periodBars: number;
  /** Per-period (not annualized) Sharpe ratio of periodReturns, the unit of the deflated Sharpe ratio. */
  periodSharpe: number;
  folds: FoldEvaluation[];
}

export interface TrialEvaluationInput {
  /** Aligned series (same length, bar i at the same time for every instrument). */
  seriesByInstrument: Readonly<Record<InstrumentName, CandleSeries>>;
  strategy: StrategyDefinition;
  params: ParameterValues;
  /** From walkForwardFolds, or sandboxWindows' single out-of-sample fold. */
  folds: readonly Fold[];
  backtest: BacktestSettings;
  objective: Objective;
  constraints: TrialConstraints;
  /** Bars per reported return period, e.g. 24 for daily periods of H1 bars. */
  periodBars: number;
}

interface InstrumentRun {
  returns: Float64Array;
  trades: number;
}

/** Returns of bars [from, end) of an equity curve; bar `from` is measured against the equity before it. */
function returnsFrom(equity: Float64Array, from: number, initialEquity: number): Float64Array {
  const returns = new Float64Array(equity.length - from);
  let previous = from === 0 ? initialEquity : equity[from - 1]!;
  for (let i = from; i < equity.length; i++) {
    returns[i - from] = equity[i]! / previous - 1;
    previous = equity[i]!;
  }
  return returns;
}

/**
 * Backtests bars [range.start, range.end). With a warm-up the run starts up to `warmupBars` earlier so the
 * indicators are ready at range.start; a strategy is flat until warmupBars - 1 and an order fills a bar after its
 * signal, so nothing is traded before range.start and only the range's own bars are scored.
 */
function runRange(series: CandleSeries, range: BarRange, warmupBars: number, config: BacktestConfig, strategy: StrategyDefinition, params: ParameterValues): InstrumentRun {
  const runStart = Math.max(0, range.start - warmupBars);
  const result = runBacktest(sliceCandleSeries(series, { start: runStart, end: range.end }), strategy.createStreaming(params), config);
  return { returns: returnsFrom(result.equity, range.start - runStart, config.initialEquityAccount), trades: result.trades.length };
}

function equalWeight(runs: readonly InstrumentRun[]): Float64Array {
  const combined = new Float64Array(runs[0]!.returns.length);
  for (const run of runs) for (let i = 0; i < combined.length; i++) combined[i]! += run.returns[i]! / runs.length;
  return combined;
}

function concatenate(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function checkAligned(seriesByInstrument: Readonly<Record<InstrumentName, CandleSeries>>): [InstrumentName, CandleSeries][] {
  const entries = Object.entries(seriesByInstrument);
  if (entries.length === 0) throw new RangeError('a trial needs at least one instrument series');
  const lengths = new Set(entries.map(([, series]) => series.length));
  if (lengths.size > 1) throw new RangeError(`instrument series must be aligned to the same bars; lengths are ${entries.map(([name, s]) => `${name} ${s.length}`).join(', ')}`);
  return entries;
}

function violationsOf(constraints: TrialConstraints, trades: number, worstDrawdown: number): ConstraintViolation[] {
  const violations: ConstraintViolation[] = [];
  if (constraints.minTrades !== undefined && trades < constraints.minTrades) {
    violations.push({ constraint: 'minTrades', message: `${trades} out-of-sample trades, fewer than the minimum of ${constraints.minTrades}` });
  }
  if (constraints.maxDrawdown !== undefined && worstDrawdown > constraints.maxDrawdown) {
    violations.push({ constraint: 'maxDrawdown', message: `out-of-sample drawdown ${(worstDrawdown * 100).toFixed(2)}% exceeds the limit of ${(constraints.maxDrawdown * 100).toFixed(2)}%` });
  }
  return violations;
}

/**
 * Backtests one parameter set on every fold and instrument: in-sample for reference, out-of-sample for the score.
 * Deterministic and pure; one call is one trial (an activity's unit of work).
 */
export function evaluateTrial(input: TrialEvaluationInput): TrialEvaluation {
  const { strategy, params, folds, backtest, objective, constraints, periodBars } = input;
  const checked = strategy.validateParams(params);
  if (!checked.ok) throw new RangeError(`invalid ${strategy.name} parameters: ${checked.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  if (folds.length === 0) throw new RangeError('a trial needs at least one fold');
  const instruments = checkAligned(input.seriesByInstrument);
  const { periodsPerYear } = backtest;
  const warmupBars = strategy.warmupBars(params);
  const configs = new Map(instruments.map(([name]) => [name, {
    ...backtest, instrument: instrumentSpec(name), quoteToAccountCrossRate: backtest.quoteToAccountCrossRates?.[name],
  } satisfies BacktestConfig]));

  const evaluateSegment = (range: BarRange, warmup: number): { evaluation: SegmentEvaluation; runs: InstrumentRun[] } => {
    const runs = instruments.map(([name, series]) => runRange(series, range, warmup, configs.get(name)!, strategy, params));
    const byInstrument = Object.fromEntries(instruments.map(([name], i) => [name, segmentMetrics(runs[i]!.returns, runs[i]!.trades, periodsPerYear, objective)]));
    const trades = runs.reduce((total, run) => total + run.trades, 0);
    return { evaluation: { range, portfolio: segmentMetrics(equalWeight(runs), trades, periodsPerYear, objective), byInstrument }, runs };
  };

  const outOfSampleRuns: InstrumentRun[][] = [];
  const foldEvaluations = folds.map((fold): FoldEvaluation => {
    const outOfSample = evaluateSegment(fold.outOfSample, warmupBars);
    outOfSampleRuns.push(outOfSample.runs);
    return { index: fold.index, ...(fold.inSample && { inSample: evaluateSegment(fold.inSample, 0).evaluation }), outOfSample: outOfSample.evaluation };
  });

  const instrumentTracks = instruments.map((_, i) => ({
    returns: concatenate(outOfSampleRuns.map((runs) => runs[i]!.returns)),
    trades: outOfSampleRuns.reduce((total, runs) => total + runs[i]!.trades, 0),
  }));
  const outOfSampleByInstrument = Object.fromEntries(instruments.map(([name], i) => [name, segmentMetrics(instrumentTracks[i]!.returns, instrumentTracks[i]!.trades, periodsPerYear, objective)]));
  const portfolioReturns = equalWeight(instrumentTracks);
  const trades = instrumentTracks.reduce((total, track) => total + track.trades, 0);
  const outOfSample = segmentMetrics(portfolioReturns, trades, periodsPerYear, objective);
  const worstDrawdown = Math.max(outOfSample.maxDrawdown, ...Object.values(outOfSampleByInstrument).map((m) => m.maxDrawdown));
  const inSampleObjectives = foldEvaluations.flatMap((fold) => (fold.inSample ? [fold.inSample.portfolio.objective] : []));
  const violations = violationsOf(constraints, trades, worstDrawdown);
  const periods = periodReturns(portfolioReturns, periodBars);

  return {
    params: checked.params,
    objective,
    score: outOfSample.objective,
    feasible: violations.length === 0,
    violations,
    outOfSample,
    outOfSampleByInstrument,
    inSampleObjective: inSampleObjectives.length === 0 ? null : inSampleObjectives.reduce((a, b) => a + b, 0) / inSampleObjectives.length,
    maxDrawdown: worstDrawdown,
    trades,
    periodReturns: periods,
    periodBars,
    periodSharpe: periods.length < 2 ? 0 : capRatio(sharpeEstimate(periods).sharpe),
    folds: foldEvaluations,
  };
}
