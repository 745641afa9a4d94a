/**
 * The hot path's decision loop for one account, without I/O: the process shell feeds it quotes, fills, rejects,
 * trading-state changes, parameter activations and the clock, and carries out what it returns (places the intents,
 * writes the records, starts the emergency stop). It trades as the backtester does: on each completed bar the
 * strategy's signal is acted on when it differs from the last direction acted on (orderIsDue), sized by risk
 * fraction on the equity at that moment, and every order passes checkPreTrade under the effective trading state.
 *
 * A quote that completes no bar costs a map lookup and a few number writes; records are allocated only when a bar
 * completes or an order event arrives.
 */
import { orderIsDue } from '../backtest/fill-rule';
import type { InstrumentName, Quote } from '../market';
import { instrumentSpec, type InstrumentSpec } from '../market';
import { quoteToUsdRate } from '../money/usd-conversion';
import { effectiveTradingState, emptyBreakerBoard, evaluateBreakers, type BreakerBoard, type BreakerObservations } from '../risk/circuit-breakers';
import { findUsdPerUnit } from '../money/usd-conversion';
import { dailyPnlUsd, tradingDayStartMs, TRADING_DAY_START_UTC_HOUR } from '../risk/daily-pnl';
import { checkPreTrade, ordersInWindow, type AccountSnapshot, type PreTradeLimits } from '../risk/pre-trade-checks';
import { moreSevere, type TradingState } from '../risk/trading-state';
import { clipTargetToLimits } from '../sizing/clip-to-limits';
import { riskFractionUnits } from '../sizing/risk-fraction';
import { emptyBar } from '../strategies/define-strategy';
import type { ParameterValues } from '../strategies/parameter-space';
import { getStrategy } from '../strategies/registry';
import type { Bar, Direction, Signal, StrategyDefinition, StreamingStrategy } from '../strategies/types';
import { BarHistory } from './bar-history';
import { hotPathClientOrderId } from './client-order-id';
import {
  NO_EVENTS,
  type Decision, type DecisionEngineConfig, type EngineEvent, type EngineInstrumentConfig, type FillReport, type OrderIntent,
  type OrderRejection, type ReconciledAccount, type SkipReason,
} from './engine-types';
import { marketOrderRequest, orderPurpose } from './order-intent';
import { applyFill, flatPosition, unrealizedProfit, type NetPosition } from './position-book';
import { TickBarAggregator } from './tick-bar-aggregator';

const decided = (decision: Decision): EngineEvent[] => [{ type: 'decision', decision }];
/** The venue's reasons for refusing an order because the instrument's market is halted now (v20's names). */
const MARKET_CLOSED_REASONS: ReadonlySet<string> = new Set(['MARKET_HALTED', 'INSTRUMENT_BID_HALTED', 'INSTRUMENT_ASK_HALTED']);

interface InFlightOrder {
  clientOrderId: string;
  /** Restored on a reject, so the engine tries again on the next bar. */
  lastActedBefore: Direction;
}

interface InstrumentState {
  readonly config: EngineInstrumentConfig;
  readonly spec: InstrumentSpec;
  readonly aggregator: TickBarAggregator;
  readonly history: BarHistory;
  readonly midBar: Bar;
  readonly position: NetPosition;
  definition: StrategyDefinition<ParameterValues>;
  strategy: StreamingStrategy | undefined;
  paramsVersion: string;
  warmupBars: number;
  barsSeen: number;
  lastBarTimeMs: number;
  /**
   * True from a warm-up until the first live bar: the candle history's last bar still waits for its decision, made
   * at the first quote of the bar after it, so the hot path trades seconds after start instead of a bar later.
   */
  warmPending: boolean;
  /** The active strategy's signal on that bar. */
  warmSignal: Signal | undefined;
  lastActedDirection: Direction;
  inFlight: InFlightOrder | undefined;
  bid: number;
  ask: number;
  tradeable: boolean;
  /**
   * A halt refusal was let off the reject count, and the venue has neither quoted the instrument untradeable nor
   * filled it since: another halt while it goes on quoting it tradeable counts, so a venue that refuses what it
   * quotes cannot keep the breaker from tripping.
   */
  haltForgiven: boolean;
  lastIntentBarTimeMs: number;
  intentsInBar: number;
}

export class DecisionEngine {
  private readonly instruments = new Map<InstrumentName, InstrumentState>();
  private readonly pricesMid: Record<InstrumentName, number | undefined> = {};
  private readonly positionsUnits: Record<InstrumentName, number | undefined> = {};
  private readonly account: AccountSnapshot;
  private readonly recentOrderTimesMs: Float64Array;
  private nextOrderTimeSlot = 0;
  private readonly limits: PreTradeLimits;
  private readonly tradingDayStartUtcHour: number;
  private readonly clockFlushDelayMs: number;
  private reconciled = false;
  private balanceUsd = 0;
  private openTradeCount = 0;
  private dailyRealizedPnlUsd = 0;
  private unrealizedAtDayStartUsd = 0;
  private tradingDay = Number.NaN;
  private consecutiveRejects = 0;
  private board: BreakerBoard = emptyBreakerBoard();
  private breakerState: TradingState = 'ACTIVE';
  private readonly externalStates = new Map<string, TradingState>();
  private effectiveState: TradingState = 'ACTIVE';
  private readonly resolveStrategy: (name: string) => StrategyDefinition<ParameterValues>;

  constructor(private readonly config: DecisionEngineConfig) {
    this.resolveStrategy = config.resolveStrategy ?? getStrategy;
    if (!(config.riskFraction > 0 && config.riskFraction <= 1)) throw new RangeError(`riskFraction must be in (0, 1], got ${config.riskFraction}`);
    const retainedBars = config.retainedBars ?? 1000;
    for (const instrumentConfig of config.instruments) {
      const { instrument } = instrumentConfig;
      if (this.instruments.has(instrument)) throw new Error(`instrument ${instrument} is configured twice for account ${config.accountId}`);
      this.instruments.set(instrument, {
        config: instrumentConfig,
        spec: instrumentSpec(instrument),
        aggregator: new TickBarAggregator(instrumentConfig.granularity),
        history: new BarHistory(retainedBars),
        midBar: emptyBar(),
        position: flatPosition(),
        definition: this.resolveStrategy(instrumentConfig.strategy),
        strategy: undefined,
        paramsVersion: '',
        warmupBars: 0,
        barsSeen: 0,
        lastBarTimeMs: Number.NEGATIVE_INFINITY,
        warmPending: false,
        warmSignal: undefined,
        lastActedDirection: 0,
        inFlight: undefined,
        bid: Number.NaN,
        ask: Number.NaN,
        tradeable: false,
        haltForgiven: false,
        lastIntentBarTimeMs: Number.NaN,
        intentsInBar: 0,
      });
      this.pricesMid[instrument] = Number.NaN;
      this.positionsUnits[instrument] = 0;
    }
    this.limits = config.limits;
    // One slot per order the rate limit allows is enough: only orders inside the window can count against it.
    this.recentOrderTimesMs = new Float64Array(Math.max(1, Math.min(config.limits.maxOrdersPerWindow, 10_000))).fill(Number.NEGATIVE_INFINITY);
    this.account = { navUsd: 0, positions: this.positionsUnits, pricesMid: this.pricesMid, openTradeCount: 0, dailyPnlUsd: 0 };
    this.tradingDayStartUtcHour = config.tradingDayStartUtcHour ?? TRADING_DAY_START_UTC_HOUR;
    this.clockFlushDelayMs = config.clockFlushDelayMs ?? 2000;
  }

  get tradingState(): TradingState {
    return this.effectiveState;
  }

  /** The engine's own breakers, for the shell to persist after each breaker event. */
  get breakerBoard(): Readonly<BreakerBoard> {
    return this.board;
  }

  get isReconciled(): boolean {
    return this.reconciled;
  }

  /** Signed units held, as the engine knows them from reconciliation and fills. */
  positionUnits(instrument: InstrumentName): number {
    return this.state(instrument).position.units;
  }

  /** Whether the venue's last word lets the instrument trade: its latest quote, or a cancel because the market is closed. */
  isTradeable(instrument: InstrumentName): boolean {
    return this.state(instrument).tradeable;
  }

  paramsVersion(instrument: InstrumentName): string {
    return this.state(instrument).paramsVersion;
  }

  /** Balance plus open P/L at the latest quotes, in USD. */
  navUsd(): number {
    return this.balanceUsd + this.unrealizedUsd();
  }

  dailyPnlUsd(): number {
    return dailyPnlUsd({ realizedSinceDayStartUsd: this.dailyRealizedPnlUsd, unrealizedUsd: this.unrealizedUsd(), unrealizedAtDayStartUsd: this.unrealizedAtDayStartUsd });
  }

  /** Bars the active strategy still needs before it may trade (0 once warm, and before any parameters are active). */
  warmupBarsLeft(instrument: InstrumentName): number {
    const state = this.state(instrument);
    return Math.max(0, state.warmupBars - state.barsSeen);
  }

  /**
   * Completed bars from the broker's candle history, oldest first, given before the first tick: they join the
   * retained history and warm the active strategy (and any activated later), so trading can start with the first
   * live bar instead of a warm-up's worth of bars later. Bars not after the last one seen are ignored.
   */
  warmUp(instrument: InstrumentName, bars: readonly Readonly<Bar>[]): number {
    const state = this.state(instrument);
    let used = 0;
    for (const bar of bars) {
      if (bar.timeMs <= state.lastBarTimeMs) continue;
      state.history.push(bar);
      const signal = state.strategy?.update(bar);
      state.warmSignal = signal && { ...signal };
      state.barsSeen++;
      state.lastBarTimeMs = bar.timeMs;
      used++;
    }
    if (used > 0) {
      state.aggregator.resumeAfter(state.lastBarTimeMs);
      state.warmPending = true;
    }
    return used;
  }

  /**
   * Installs the state rebuilt at start-up and allows trading. The last acted direction of each instrument becomes
   * the side of its position, so a restart holding a long does not buy again on the next bar.
   */
  reconcile(snapshot: ReconciledAccount, nowMs: number): void {
    for (const state of this.instruments.values()) {
      state.position.units = 0;
      state.position.averagePriceQuote = Number.NaN;
      state.lastActedDirection = 0;
      state.inFlight = undefined;
      this.positionsUnits[state.config.instrument] = 0;
    }
    for (const reconciledPosition of snapshot.positions) {
      const state = this.state(reconciledPosition.instrument);
      state.position.units = reconciledPosition.units;
      state.position.averagePriceQuote = reconciledPosition.units === 0 ? Number.NaN : reconciledPosition.averagePriceQuote;
      state.lastActedDirection = Math.sign(reconciledPosition.units) as Direction;
      this.positionsUnits[reconciledPosition.instrument] = reconciledPosition.units;
    }
    this.balanceUsd = snapshot.balanceUsd;
    this.openTradeCount = snapshot.openTradeCount;
    this.dailyRealizedPnlUsd = snapshot.dailyRealizedPnlUsd;
    this.tradingDay = this.tradingDayOf(nowMs);
    this.unrealizedAtDayStartUsd = 0;
    this.recentOrderTimesMs.fill(Number.NEGATIVE_INFINITY);
    for (const timeMs of snapshot.recentOrderTimesMs ?? []) this.rememberOrderTime(timeMs);
    this.board = snapshot.breakerBoard ?? emptyBreakerBoard();
    this.breakerState = effectiveTradingState(this.board);
    this.updateEffectiveState();
    this.reconciled = true;
  }

  /**
   * Switches every instrument trading `strategyName` to these parameters from its next decision. The new strategy
   * is warmed up at once on the retained bars; with fewer retained bars than its warm-up, its decisions are
   * skipped until enough new bars have arrived. The position and the last acted direction carry over: if the new
   * parameters want another side, the next bar orders it.
   */
  activateParams(strategyName: string, version: string, params: unknown): void {
    const targets = [...this.instruments.values()].filter((state) => state.config.strategy === strategyName);
    if (targets.length === 0) throw new Error(`no instrument of account ${this.config.accountId} trades strategy ${strategyName}`);
    const definition = this.resolveStrategy(strategyName);
    const checked = definition.validateParams(params);
    if (!checked.ok) {
      throw new Error(`parameters ${version} of ${strategyName} are invalid: ${checked.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
    }
    for (const state of targets) {
      const strategy = definition.createStreaming(checked.params);
      const lastSignal = state.history.replayInto(strategy, emptyBar());
      if (state.warmPending && lastSignal) state.warmSignal = { ...lastSignal };
      state.definition = definition;
      state.strategy = strategy;
      state.paramsVersion = version;
      state.warmupBars = definition.warmupBars(checked.params);
      state.barsSeen = state.history.size;
    }
  }

  /**
   * A restriction from outside the engine, by source (e.g. 'control' for the cold path and api, 'writer' when the
   * record queue is full). The effective state is the most severe of all sources and the engine's own breakers.
   */
  setTradingState(source: string, state: TradingState): void {
    if (state === 'ACTIVE') this.externalStates.delete(source);
    else this.externalStates.set(source, state);
    this.updateEffectiveState();
  }

  onQuote(quote: Readonly<Quote>, nowMs: number): readonly EngineEvent[] {
    const { instrument, bid, ask } = quote;
    this.pricesMid[instrument] = (bid + ask) / 2;
    const state = this.instruments.get(instrument);
    if (!state) return NO_EVENTS;
    state.bid = bid;
    state.ask = ask;
    state.tradeable = quote.tradeable;
    if (!quote.tradeable) state.haltForgiven = false;
    this.rollTradingDay(nowMs);
    const warm = state.warmPending ? this.actOnWarmHistory(state, quote.timeMs, nowMs) : NO_EVENTS;
    if (!state.aggregator.onTick(quote.timeMs, bid, ask)) return warm;
    return warm.length === 0 ? this.decide(state, nowMs) : [...warm, ...this.decide(state, nowMs)];
  }

  /**
   * The decision on the candle history's last bar, made at the first quote of the bar after it once the engine is
   * reconciled and has parameters, as the backtester acts on a bar's signal in the next bar. A quote of a later bar
   * means the moment has passed: the live bars decide from then on.
   */
  private actOnWarmHistory(state: InstrumentState, quoteTimeMs: number, nowMs: number): readonly EngineEvent[] {
    const bucketMs = state.aggregator.bucketOf(quoteTimeMs);
    if (bucketMs > state.lastBarTimeMs + state.aggregator.barMs) {
      state.warmPending = false;
      state.warmSignal = undefined;
      return NO_EVENTS;
    }
    const signal = state.warmSignal;
    if (bucketMs <= state.lastBarTimeMs || !this.reconciled || !signal) return NO_EVENTS;
    state.warmPending = false;
    state.warmSignal = undefined;
    return this.act(state, signal, nowMs);
  }

  /** Completes bars of quiet instruments whose bucket is over, and lets tripped breakers cool down. */
  onClock(nowMs: number): readonly EngineEvent[] {
    this.rollTradingDay(nowMs);
    let events: EngineEvent[] | undefined;
    for (const state of this.instruments.values()) {
      if (state.aggregator.flushIfDue(nowMs - this.clockFlushDelayMs)) (events ??= []).push(...this.decide(state, nowMs));
    }
    const breakerEvents = this.evaluateBreakers(nowMs);
    if (breakerEvents.length > 0) (events ??= []).push(...breakerEvents);
    return events ?? NO_EVENTS;
  }

  onFill(fill: Readonly<FillReport>, nowMs: number): readonly EngineEvent[] {
    const state = this.state(fill.instrument);
    state.haltForgiven = false;
    this.openTradeCount += applyFill(state.position, fill.units, fill.priceQuote);
    this.positionsUnits[fill.instrument] = state.position.units;
    this.balanceUsd += fill.realizedPlAccount;
    this.dailyRealizedPnlUsd += fill.realizedPlAccount;
    if (fill.clientOrderId !== undefined && state.inFlight?.clientOrderId === fill.clientOrderId) {
      state.inFlight = undefined;
      this.consecutiveRejects = 0;
    }
    return this.evaluateBreakers(nowMs);
  }

  /**
   * The venue refused or cancelled an intent: the engine will decide again on the next bar. A halted market
   * (MARKET_HALTED) is not the venue refusing orders: the first such refusal counts towards no breaker, and the
   * instrument waits for a tradeable quote (the open) instead of ordering on every bar meanwhile.
   */
  onReject(rejection: Readonly<OrderRejection>, nowMs: number): readonly EngineEvent[] {
    const state = this.release(rejection.clientOrderId, `reject (${rejection.reason})`);
    if (MARKET_CLOSED_REASONS.has(rejection.reason) && !state.haltForgiven) {
      state.tradeable = false;
      state.haltForgiven = true;
      return NO_EVENTS;
    }
    this.consecutiveRejects++;
    return this.evaluateBreakers(nowMs);
  }

  /**
   * An intent that never reached the venue because trading stopped first: decided again on a later bar, like a
   * reject, but not counted as one (a halt is not the venue refusing orders).
   */
  onAbandoned(clientOrderId: string): void {
    this.release(clientOrderId, 'abandoned order');
  }

  private release(clientOrderId: string, what: string): InstrumentState {
    for (const state of this.instruments.values()) {
      if (state.inFlight?.clientOrderId !== clientOrderId) continue;
      state.lastActedDirection = state.inFlight.lastActedBefore;
      state.inFlight = undefined;
      return state;
    }
    throw new Error(`${what} ${clientOrderId} matches no order in flight`);
  }

  private state(instrument: InstrumentName): InstrumentState {
    const state = this.instruments.get(instrument);
    if (!state) throw new Error(`instrument ${instrument} is not traded by the engine of account ${this.config.accountId}`);
    return state;
  }

  private decide(state: InstrumentState, nowMs: number): readonly EngineEvent[] {
    const completed = state.aggregator.completed;
    const bar = state.midBar;
    // As candleSeriesFromColumns computes mid, so the strategy sees the backtester's numbers exactly.
    bar.timeMs = completed.timeMs;
    bar.open = (completed.bidOpen + completed.askOpen) / 2;
    bar.high = (completed.bidHigh + completed.askHigh) / 2;
    bar.low = (completed.bidLow + completed.askLow) / 2;
    bar.close = (completed.bidClose + completed.askClose) / 2;
    state.history.push(bar);
    state.barsSeen++;
    state.lastBarTimeMs = bar.timeMs;
    state.warmPending = false;
    state.warmSignal = undefined;
    if (!state.strategy) return decided(this.record(state, undefined, nowMs, 'skipped', 'no-params'));
    const signal = state.strategy.update(bar);
    if (!this.reconciled) return decided(this.record(state, signal, nowMs, 'skipped', 'not-reconciled'));
    return this.act(state, signal, nowMs);
  }

  private act(state: InstrumentState, signal: Readonly<Signal>, nowMs: number): readonly EngineEvent[] {
    if (state.barsSeen < state.warmupBars) return decided(this.record(state, signal, nowMs, 'skipped', 'warming-up'));
    if (!orderIsDue(state.lastActedDirection, signal.direction)) return decided(this.record(state, signal, nowMs, 'hold'));
    if (state.inFlight) return decided(this.record(state, signal, nowMs, 'skipped', 'order-in-flight'));
    if (!state.tradeable) return decided(this.record(state, signal, nowMs, 'skipped', 'not-tradeable'));
    return this.order(state, signal, nowMs);
  }

  private order(state: InstrumentState, signal: Readonly<Signal>, nowMs: number): readonly EngineEvent[] {
    const { instrument } = state.config;
    const rate = this.quoteToUsdRateOrUndefined(instrument);
    if (rate === undefined) {
      const decision = this.record(state, signal, nowMs, 'skipped', 'price-unavailable');
      decision.note = `no USD price for the quote currency of ${instrument}: quote its USD pair to the engine too`;
      return decided(decision);
    }
    const positionUnits = state.position.units;
    // The equity the backtester sizes with: the balance once the position being replaced is closed at this quote.
    const equityUsd = this.balanceUsd + this.unrealizedUsd();
    const size = signal.direction === 0
      ? undefined
      : riskFractionUnits({ equityAccount: equityUsd, riskFraction: this.config.riskFraction, stopDistancePrice: signal.stopDistance, quoteToAccountRate: rate, instrument: state.spec });
    const priceQuote = signal.direction > 0 || (signal.direction === 0 && positionUnits < 0) ? state.ask : state.bid;
    const clip = size ? this.clipToLimits(state, signal.direction * size.units, priceQuote, equityUsd) : undefined;
    let targetUnits = clip?.targetUnits ?? 0;
    // REDUCING still honours the exit: a reversal shrinks to closing the position.
    if (this.effectiveState === 'REDUCING' && positionUnits !== 0 && Math.sign(targetUnits) !== Math.sign(positionUnits)) targetUnits = 0;
    const units = targetUnits - positionUnits;
    if (units === 0) {
      state.lastActedDirection = signal.direction;
      const decision = this.record(state, signal, nowMs, 'hold');
      decision.note = `direction ${signal.direction} acted on without an order: the target is the position held (${positionUnits} units${size ? `, size limited by ${size.limitedBy}` : ''})`;
      if (clip?.clippedBy.length) decision.clip = { fromUnits: signal.direction * size!.units, toUnits: clip.targetUnits, clippedBy: clip.clippedBy };
      return decided(decision);
    }
    this.account.navUsd = equityUsd;
    this.account.openTradeCount = this.openTradeCount;
    this.account.dailyPnlUsd = this.dailyPnlUsd();
    const check = checkPreTrade({
      order: { instrument, units, priceQuote }, account: this.account, recentOrderTimesMs: this.recentOrderTimesMs,
      nowMs, limits: this.limits, tradingState: this.effectiveState,
    });
    if (!check.approved) {
      const decision = this.record(state, signal, nowMs, 'rejected');
      decision.failures = check.failures;
      return decided(decision);
    }
    const intent = this.intent(state, signal, units, targetUnits, priceQuote, nowMs);
    state.inFlight = { clientOrderId: intent.clientOrderId, lastActedBefore: state.lastActedDirection };
    state.lastActedDirection = signal.direction;
    this.rememberOrderTime(nowMs);
    const decision = this.record(state, signal, nowMs, 'order');
    decision.intent = intent;
    if (clip?.clippedBy.length) decision.clip = { fromUnits: signal.direction * size!.units, toUnits: clip.targetUnits, clippedBy: clip.clippedBy };
    const breakerEvents = this.evaluateBreakers(nowMs);
    return breakerEvents.length === 0 ? decided(decision) : [...decided(decision), ...breakerEvents];
  }

  private intent(state: InstrumentState, signal: Readonly<Signal>, units: number, targetUnits: number, priceQuote: number, nowMs: number): OrderIntent {
    const barTimeMs = state.lastBarTimeMs;
    if (state.lastIntentBarTimeMs !== barTimeMs) {
      state.lastIntentBarTimeMs = barTimeMs;
      state.intentsInBar = 0;
    }
    const positionUnits = state.position.units;
    const opens = targetUnits !== 0 && (Math.sign(targetUnits) !== Math.sign(positionUnits) || Math.abs(targetUnits) > Math.abs(positionUnits));
    const stopDistanceQuote = opens ? signal.stopDistance : Number.NaN;
    const takeProfitMultiple = this.config.takeProfitStopMultiple;
    const fields: Omit<OrderIntent, 'request'> = {
      clientOrderId: hotPathClientOrderId(this.config.accountId, state.config.instrument, barTimeMs, state.intentsInBar++),
      accountId: this.config.accountId,
      instrument: state.config.instrument,
      units,
      positionUnitsBefore: positionUnits,
      targetUnits,
      purpose: orderPurpose(positionUnits, targetUnits),
      barTimeMs,
      decidedAtMs: nowMs,
      referencePriceQuote: priceQuote,
      stopDistanceQuote,
      takeProfitPriceQuote: opens && takeProfitMultiple !== undefined ? priceQuote + signal.direction * signal.stopDistance * takeProfitMultiple : Number.NaN,
      strategy: state.definition.name,
      paramsVersion: state.paramsVersion,
    };
    return { ...fields, request: marketOrderRequest(fields, state.spec) };
  }

  private record(state: InstrumentState, signal: Readonly<Signal> | undefined, nowMs: number, outcome: Decision['outcome'], skipReason?: SkipReason): Decision {
    const decision: Decision = {
      accountId: this.config.accountId,
      instrument: state.config.instrument,
      barTimeMs: state.lastBarTimeMs,
      decidedAtMs: nowMs,
      strategy: state.strategy ? state.definition.name : '',
      paramsVersion: state.paramsVersion,
      direction: signal?.direction ?? 0,
      confidence: signal?.confidence ?? 0,
      stopDistanceQuote: signal?.stopDistance ?? Number.NaN,
      positionUnits: state.position.units,
      tradingState: this.effectiveState,
      outcome,
    };
    if (skipReason) decision.skipReason = skipReason;
    return decision;
  }

  /** The risk-sized target held to the limits the order will be checked against, with the margin the engine's own positions use. */
  private clipToLimits(state: InstrumentState, targetUnits: number, priceQuote: number, navUsd: number) {
    let marginUsedUsd = 0;
    for (const other of this.instruments.values()) {
      const usdPerUnit = other.position.units === 0 ? 0 : findUsdPerUnit(other.config.instrument, this.pricesMid[other.config.instrument] ?? Number.NaN, this.pricesMid) ?? 0;
      marginUsedUsd += Math.abs(other.position.units) * usdPerUnit * other.spec.marginRate;
    }
    return clipTargetToLimits({
      targetUnits, positionUnits: state.position.units, navUsd, limits: this.limits,
      usdPerUnit: findUsdPerUnit(state.config.instrument, priceQuote, this.pricesMid) ?? Number.NaN,
      marginRate: state.spec.marginRate, marginAvailableUsd: navUsd - marginUsedUsd, tradeUnitsPrecision: state.spec.tradeUnitsPrecision,
    });
  }

  /**
   * Open P/L of every position that can be marked: one without a quote yet (just after reconciliation) or whose
   * quote currency has no USD price counts 0 until it can, rather than poisoning NAV and the breakers with NaN.
   */
  private unrealizedUsd(): number {
    let total = 0;
    for (const state of this.instruments.values()) {
      if (state.position.units === 0 || !(state.bid > 0 && state.ask > 0)) continue;
      const rate = this.quoteToUsdRateOrUndefined(state.config.instrument);
      if (rate !== undefined) total += unrealizedProfit(state.position, state.bid, state.ask, rate);
    }
    return total;
  }

  private quoteToUsdRateOrUndefined(instrument: InstrumentName): number | undefined {
    try {
      return quoteToUsdRate(instrument, this.pricesMid);
    } catch {
      return undefined;
    }
  }

  private rememberOrderTime(timeMs: number): void {
    this.recentOrderTimesMs[this.nextOrderTimeSlot] = timeMs;
    this.nextOrderTimeSlot = (this.nextOrderTimeSlot + 1) % this.recentOrderTimesMs.length;
  }

  private tradingDayOf(nowMs: number): number {
    return tradingDayStartMs(nowMs, this.tradingDayStartUtcHour);
  }

  private rollTradingDay(nowMs: number): void {
    const day = this.tradingDayOf(nowMs);
    if (day === this.tradingDay) return;
    this.tradingDay = day;
    this.dailyRealizedPnlUsd = 0;
    this.unrealizedAtDayStartUsd = this.reconciled ? this.unrealizedUsd() : 0;
  }

  /** The engine's own breakers: daily loss, order rate and consecutive rejects. A trip to HALTED escalates. */
  private evaluateBreakers(nowMs: number): readonly EngineEvent[] {
    const { breakers } = this.config;
    if (!breakers.daily_loss && !breakers.order_rate && !breakers.consecutive_rejects) return NO_EVENTS;
    const observations: BreakerObservations = {
      daily_loss: Math.max(0, -this.dailyPnlUsd()),
      order_rate: ordersInWindow(this.recentOrderTimesMs, nowMs, this.limits.orderRateWindowMs),
      consecutive_rejects: this.consecutiveRejects,
    };
    const result = evaluateBreakers(this.board, observations, nowMs, breakers);
    this.board = result.board;
    this.breakerState = result.tradingState;
    this.updateEffectiveState();
    if (result.events.length === 0) return NO_EVENTS;
    const events: EngineEvent[] = [];
    for (const event of result.events) {
      events.push({ type: 'breaker', event });
      if (event.kind === 'tripped' && event.breaker !== 'manual' && breakers[event.breaker]?.tripTo === 'HALTED') {
        events.push({ type: 'escalation', escalation: { breaker: event.breaker, reason: event.reason, atMs: nowMs, tradingState: event.tradingState } });
      }
    }
    return events;
  }

  private updateEffectiveState(): void {
    let state = this.breakerState;
    for (const external of this.externalStates.values()) state = moreSevere(state, external);
    this.effectiveState = state;
  }
}
