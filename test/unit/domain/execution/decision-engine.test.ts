import { DecisionEngine } from '../../../../domain/execution/decision-engine';
import type { Decision, DecisionEngineConfig, EngineEvent, OrderIntent } from '../../../../domain/execution/engine-types';
import { NO_EVENTS } from '../../../../domain/execution/engine-types';
import { defineStrategy } from '../../../../domain/strategies/define-strategy';
import type { Direction, Signal } from '../../../../domain/strategies/types';

const ACCOUNT = '101-001-0000001-001';
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const BAR_MS = 60_000;
const STOP = 0.001;

/**
 * A strategy that wants, for bar k, `sign × script[k]` (0 past the script): the engine is what is under test.
 * Every instance records the bar times it has seen, so warm-up replays can be checked.
 */
function scriptedStrategy(script: Direction[]) {
  const instances: number[][] = [];
  const definition = defineStrategy<{ sign: number; warmup: number }>({
    name: 'scripted',
    description: 'says what the test tells it',
    parameterSpace: {
      parameters: {
        sign: { kind: 'choice', values: [1, -1], description: 'flips the script' },
        warmup: { kind: 'int', min: 1, max: 100, description: 'bars before the first decision' },
      },
      constraints: [],
    },
    defaults: { sign: 1, warmup: 1 },
    warmupBars: (p) => p.warmup,
    createStreaming: (p) => {
      const seen: number[] = [];
      instances.push(seen);
      const signal: Signal = { direction: 0, confidence: 0, stopDistance: STOP };
      return {
        update(bar) {
          seen.push(bar.timeMs);
          signal.direction = ((script[(bar.timeMs - T0) / BAR_MS] ?? 0) * p.sign) as Direction;
          signal.confidence = Math.abs(signal.direction);
          return signal;
        },
      };
    },
  });
  return { definition, instances };
}

function engineWith(script: Direction[], overrides: Partial<DecisionEngineConfig> = {}) {
  const scripted = scriptedStrategy(script);
  const engine = new DecisionEngine({
    accountId: ACCOUNT,
    instruments: [{ instrument: 'EUR_USD', granularity: 'M1', strategy: 'scripted' }],
    riskFraction: 0.001,
    limits: { maxUnits: 1_000_000, maxNotionalUsd: 10_000_000, maxConcentration: 50, maxOpenTrades: 5, maxDailyLossUsd: 10_000, maxOrdersPerWindow: 100, orderRateWindowMs: 60_000 },
    breakers: {},
    takeProfitStopMultiple: 2,
    resolveStrategy: () => scripted.definition,
    ...overrides,
  });
  return { engine, instances: scripted.instances };
}

const flatAccount = { balanceUsd: 100_000, positions: [], openTradeCount: 0, dailyRealizedPnlUsd: 0 };

/** The first tick of bar k, 0.5 s in, 2 pips wide around `mid`: it completes bar k - 1. */
function barTick(engine: DecisionEngine, k: number, mid = 1.1): readonly EngineEvent[] {
  const timeMs = T0 + k * BAR_MS + 500;
  return engine.onQuote({ instrument: 'EUR_USD', timeMs, bid: mid - 0.0001, ask: mid + 0.0001, tradeable: true }, timeMs);
}

function onlyDecision(events: readonly EngineEvent[]): Decision {
  const decisions = events.filter((event) => event.type === 'decision');
  expect(decisions).toHaveLength(1);
  return (decisions[0] as Extract<EngineEvent, { type: 'decision' }>).decision;
}

function fillIntent(engine: DecisionEngine, intent: OrderIntent, realizedPlAccount = 0): readonly EngineEvent[] {
  return engine.onFill({ instrument: intent.instrument, units: intent.units, priceQuote: intent.referencePriceQuote, realizedPlAccount, timeMs: intent.decidedAtMs, clientOrderId: intent.clientOrderId, reason: 'order' }, intent.decidedAtMs);
}

function ready(script: Direction[], overrides: Partial<DecisionEngineConfig> = {}) {
  const made = engineWith(script, overrides);
  made.engine.reconcile(flatAccount, T0);
  made.engine.activateParams('scripted', 'v1', { sign: 1, warmup: 1 });
  return made;
}

describe('DecisionEngine', () => {
  it('orders on the first tick after the bar whose signal changed: risk-fraction size, stop, take-profit, a deterministic id', () => {
    const { engine } = ready([1]);
    expect(barTick(engine, 0)).toBe(NO_EVENTS);
    const decision = onlyDecision(barTick(engine, 1));
    expect(decision).toMatchObject({ outcome: 'order', barTimeMs: T0, direction: 1, strategy: 'scripted', paramsVersion: 'v1', positionUnits: 0, tradingState: 'ACTIVE' });
    const intent = decision.intent!;
    // 0.1% of 100,000 USD at risk over a 0.001 stop: 100,000 units, bought at the ask.
    expect(intent).toMatchObject({
      clientOrderId: `hp-${ACCOUNT}-EUR_USD-${T0}-0`, units: 100_000, targetUnits: 100_000, purpose: 'open',
      referencePriceQuote: 1.1001, stopDistanceQuote: STOP, paramsVersion: 'v1', decidedAtMs: T0 + BAR_MS + 500,
    });
    expect(intent.takeProfitPriceQuote).toBeCloseTo(1.1021, 12);
    expect(intent.request).toEqual({
      type: 'MARKET', timeInForce: 'FOK', clientOrderId: intent.clientOrderId, instrument: 'EUR_USD', units: 100_000,
      stopLossOnFill: { distanceQuote: 0.001 }, takeProfitOnFill: { priceQuote: 1.1021 }, clientComment: 'hot-path scripted params v1',
    });
  });

  it('waits for the fill before the next order, then reverses on the equity including the open profit', () => {
    const { engine } = ready([1, -1, -1]);
    barTick(engine, 0);
    const intent = onlyDecision(barTick(engine, 1)).intent!;
    expect(onlyDecision(barTick(engine, 2))).toMatchObject({ outcome: 'skipped', skipReason: 'order-in-flight', direction: -1 });
    fillIntent(engine, intent);
    expect(engine.positionUnits('EUR_USD')).toBe(100_000);

    // Bid 1.1019 against the 1.1001 entry: 180 USD open profit, so 100,180 USD of equity sizes the short.
    const reverse = onlyDecision(barTick(engine, 3, 1.102)).intent!;
    expect(reverse).toMatchObject({ units: -200_180, targetUnits: -100_180, positionUnitsBefore: 100_000, purpose: 'reverse', referencePriceQuote: 1.1019 });
    expect(reverse.clientOrderId).toBe(`hp-${ACCOUNT}-EUR_USD-${T0 + 2 * BAR_MS}-0`);
  });

  it('holds while the direction stays the one acted on', () => {
    const { engine } = ready([1, 1, 1]);
    barTick(engine, 0);
    fillIntent(engine, onlyDecision(barTick(engine, 1)).intent!);
    expect(onlyDecision(barTick(engine, 2))).toMatchObject({ outcome: 'hold', direction: 1, positionUnits: 100_000 });
    expect(onlyDecision(barTick(engine, 3)).intent).toBeUndefined();
  });

  it('a halt stops the next order with every failed check recorded; the wanted direction is ordered once trading resumes', () => {
    const { engine } = ready([1, 1]);
    barTick(engine, 0);
    engine.setTradingState('control', 'HALTED');
    const rejected = onlyDecision(barTick(engine, 1));
    expect(rejected).toMatchObject({ outcome: 'rejected', tradingState: 'HALTED' });
    expect(rejected.intent).toBeUndefined();
    expect(rejected.failures).toEqual([{ check: 'trading_state', reason: 'trading is HALTED: no orders accepted' }]);

    engine.setTradingState('control', 'ACTIVE');
    expect(onlyDecision(barTick(engine, 2))).toMatchObject({ outcome: 'order', tradingState: 'ACTIVE', intent: { units: 100_000 } });
  });

  it('REDUCING turns a reversal into a close and refuses a new position', () => {
    const { engine } = engineWith([-1, 0, 1]);
    engine.reconcile({ ...flatAccount, positions: [{ instrument: 'EUR_USD', units: 50_000, averagePriceQuote: 1.1 }], openTradeCount: 1 }, T0);
    engine.activateParams('scripted', 'v1', { sign: 1, warmup: 1 });
    engine.setTradingState('risk-monitor', 'REDUCING');
    barTick(engine, 0);
    const close = onlyDecision(barTick(engine, 1)).intent!;
    expect(close).toMatchObject({ units: -50_000, targetUnits: 0, purpose: 'close' });
    expect(close.stopDistanceQuote).toBeNaN();
    expect(close.request.stopLossOnFill).toBeUndefined();
    fillIntent(engine, close, 0);
    barTick(engine, 2);
    const refused = onlyDecision(barTick(engine, 3));
    expect(refused.outcome).toBe('rejected');
    expect(refused.failures?.map((failure) => failure.check)).toEqual(['trading_state']);
  });

  it('venue rejects count towards the consecutive-rejects breaker, whose trip to HALTED escalates', () => {
    const { engine } = ready([1, 1, 1], {
      breakers: { consecutive_rejects: { threshold: 2, tripTo: 'HALTED', coolDownMs: 60_000, autoReset: false } },
    });
    barTick(engine, 0);
    const first = onlyDecision(barTick(engine, 1)).intent!;
    expect(engine.onReject({ clientOrderId: first.clientOrderId, instrument: 'EUR_USD', reason: 'INSUFFICIENT_MARGIN', timeMs: first.decidedAtMs }, first.decidedAtMs)).toBe(NO_EVENTS);
    // The direction was never acted on, so the next bar tries again, under its own id.
    const second = onlyDecision(barTick(engine, 2)).intent!;
    expect(second.clientOrderId).toBe(`hp-${ACCOUNT}-EUR_USD-${T0 + BAR_MS}-0`);
    const events = engine.onReject({ clientOrderId: second.clientOrderId, instrument: 'EUR_USD', reason: 'INSUFFICIENT_MARGIN', timeMs: second.decidedAtMs }, second.decidedAtMs);
    expect(events.map((event) => event.type)).toEqual(['breaker', 'escalation']);
    expect(events[1]).toMatchObject({ escalation: { breaker: 'consecutive_rejects', tradingState: 'HALTED', atMs: second.decidedAtMs } });
    expect(engine.tradingState).toBe('HALTED');
    expect(onlyDecision(barTick(engine, 3)).outcome).toBe('rejected');
    expect(() => engine.onReject({ clientOrderId: 'hp-unknown', instrument: 'EUR_USD', reason: 'x', timeMs: 0 }, 0)).toThrow('hp-unknown matches no order in flight');

    const restarted = engineWith([1]).engine;
    restarted.reconcile({ ...flatAccount, breakerBoard: engine.breakerBoard }, second.decidedAtMs);
    expect(restarted.tradingState).toBe('HALTED');
  });

  it('a first MARKET_HALTED cancel counts towards no breaker and the instrument waits for a tradeable quote; a second while quoted tradeable counts', () => {
    const { engine } = ready([1, 1, 1, 1, 1], {
      breakers: { consecutive_rejects: { threshold: 1, tripTo: 'HALTED', coolDownMs: 60_000, autoReset: false } },
    });
    barTick(engine, 0);
    const first = onlyDecision(barTick(engine, 1)).intent!;
    expect(engine.onReject({ clientOrderId: first.clientOrderId, instrument: 'EUR_USD', reason: 'MARKET_HALTED', timeMs: first.decidedAtMs }, first.decidedAtMs)).toBe(NO_EVENTS);
    expect(engine.tradingState).toBe('ACTIVE');
    // The engine's last quote was tradeable, but the venue said otherwise: no order until a quote says it trades.
    const timeMs = T0 + 2 * BAR_MS + 500;
    expect(onlyDecision(engine.onClock(timeMs + BAR_MS))).toMatchObject({ outcome: 'skipped', skipReason: 'not-tradeable' });
    expect(barTick(engine, 3)).toBe(NO_EVENTS);
    const second = onlyDecision(barTick(engine, 4)).intent!;
    expect(second.units).toBeGreaterThan(0);
    // Halted again while the venue went on quoting it tradeable: that one counts, and trips the breaker.
    const events = engine.onReject({ clientOrderId: second.clientOrderId, instrument: 'EUR_USD', reason: 'MARKET_HALTED', timeMs: second.decidedAtMs }, second.decidedAtMs);
    expect(events.map((event) => event.type)).toEqual(['breaker', 'escalation']);
  });

  it('crosses a weekend without an order while closed and orders once, on the first bar after the open', () => {
    const { engine } = ready([1, -1]);
    barTick(engine, 0);
    fillIntent(engine, onlyDecision(barTick(engine, 1)).intent!);
    // The close: the venue's last price, not tradeable, then no quote for two days while the clock runs on.
    const closeMs = T0 + 2 * BAR_MS - 1000;
    engine.onQuote({ instrument: 'EUR_USD', timeMs: closeMs, bid: 1.0999, ask: 1.1001, tradeable: false }, closeMs);
    const weekend: Decision[] = [];
    for (let nowMs = closeMs; nowMs < closeMs + 48 * 3_600_000; nowMs += 10_000) {
      for (const event of engine.onClock(nowMs)) if (event.type === 'decision') weekend.push(event.decision);
    }
    // The bar the close ended completes once, untradeable; nothing else is decided over the weekend.
    expect(weekend.map((d) => [d.outcome, d.skipReason])).toEqual([['skipped', 'not-tradeable']]);
    // The open, where the path has gone: the first quote starts a bar; its completion is the one decision, an order
    // (the strategy is flat by then, so it closes the long).
    const openMs = T0 + 3 * BAR_MS + 48 * 3_600_000;
    expect(engine.onQuote({ instrument: 'EUR_USD', timeMs: openMs, bid: 1.0899, ask: 1.0901, tradeable: true }, openMs)).toBe(NO_EVENTS);
    const reopened = onlyDecision(engine.onQuote({ instrument: 'EUR_USD', timeMs: openMs + BAR_MS, bid: 1.0899, ask: 1.0901, tradeable: true }, openMs + BAR_MS));
    expect(reopened.outcome).toBe('order');
    expect(reopened.intent!.units).toBeLessThan(0);
  });

  it('a daily loss beyond the breaker threshold halts and escalates', () => {
    const { engine } = ready([1], {
      breakers: { daily_loss: { threshold: 500, tripTo: 'HALTED', coolDownMs: 60_000, autoReset: false } },
    });
    barTick(engine, 0);
    const intent = onlyDecision(barTick(engine, 1)).intent!;
    fillIntent(engine, intent);
    const stopTimeMs = T0 + 90_000;
    const events = engine.onFill({ instrument: 'EUR_USD', units: -100_000, priceQuote: 1.0941, realizedPlAccount: -600, timeMs: stopTimeMs, reason: 'stop-loss' }, stopTimeMs);
    expect(engine.dailyPnlUsd()).toBe(-600);
    expect(engine.navUsd()).toBe(99_400);
    expect(events.map((event) => event.type)).toEqual(['breaker', 'escalation']);
    expect(events[1]).toMatchObject({ escalation: { breaker: 'daily_loss', tradingState: 'HALTED' } });
  });

  it('a parameter switch takes effect from the next decision, warmed up on the retained bars, and its version goes on the order', () => {
    const { engine, instances } = ready([1, 1, 1, 1, 1]);
    barTick(engine, 0);
    fillIntent(engine, onlyDecision(barTick(engine, 1)).intent!);
    barTick(engine, 2);
    engine.activateParams('scripted', 'v2', { sign: -1, warmup: 1 });
    expect(instances.at(-1)).toEqual([T0, T0 + BAR_MS]);
    const decision = onlyDecision(barTick(engine, 3));
    expect(decision).toMatchObject({ paramsVersion: 'v2', direction: -1, outcome: 'order', intent: { paramsVersion: 'v2', purpose: 'reverse' } });
    expect(engine.paramsVersion('EUR_USD')).toBe('v2');
  });

  it('with fewer retained bars than the warm-up, decisions wait for enough new bars', () => {
    const { engine } = ready([0, 0, 0, 0, 1], { retainedBars: 2 });
    for (let k = 0; k <= 3; k++) barTick(engine, k);
    engine.activateParams('scripted', 'v2', { sign: 1, warmup: 4 });
    expect(onlyDecision(barTick(engine, 4))).toMatchObject({ outcome: 'skipped', skipReason: 'warming-up' });
    expect(onlyDecision(barTick(engine, 5))).toMatchObject({ outcome: 'order', paramsVersion: 'v2' });
  });

  it('refuses parameters that do not validate, naming the field', () => {
    const { engine } = ready([]);
    expect(() => engine.activateParams('scripted', 'v9', { sign: 2, warmup: 1 })).toThrow('parameters v9 of scripted are invalid: sign must be one of 1, -1, got 2');
    expect(() => engine.activateParams('ma-crossover', 'v1', {})).toThrow('no instrument of account 101-001-0000001-001 trades strategy ma-crossover');
  });

  it('decides nothing before parameters and reconciliation arrive, but keeps the bars', () => {
    const { engine, instances } = engineWith([1, 1, 1]);
    barTick(engine, 0);
    expect(onlyDecision(barTick(engine, 1))).toMatchObject({ outcome: 'skipped', skipReason: 'no-params', strategy: '' });
    engine.activateParams('scripted', 'v1', { sign: 1, warmup: 1 });
    expect(instances[0]).toEqual([T0]);
    expect(onlyDecision(barTick(engine, 2))).toMatchObject({ outcome: 'skipped', skipReason: 'not-reconciled', direction: 1 });
    engine.reconcile(flatAccount, T0 + 2 * BAR_MS);
    expect(onlyDecision(barTick(engine, 3))).toMatchObject({ outcome: 'order' });
  });

  it('after a restart the same decision asks for the same client order id, and a reconciled position is not bought again', () => {
    const first = ready([0, 1]).engine;
    const restarted = ready([0, 1]).engine;
    const ids = [first, restarted].map((engine) => {
      barTick(engine, 0);
      barTick(engine, 1);
      return onlyDecision(barTick(engine, 2)).intent!.clientOrderId;
    });
    expect(ids[1]).toBe(ids[0]);

    const { engine } = engineWith([1, 1]);
    engine.reconcile({ ...flatAccount, positions: [{ instrument: 'EUR_USD', units: 100_000, averagePriceQuote: 1.1001 }], openTradeCount: 1 }, T0);
    engine.activateParams('scripted', 'v1', { sign: 1, warmup: 1 });
    barTick(engine, 0);
    expect(onlyDecision(barTick(engine, 1))).toMatchObject({ outcome: 'hold', direction: 1, positionUnits: 100_000 });
    expect(onlyDecision(barTick(engine, 2))).toMatchObject({ outcome: 'hold', direction: 1, positionUnits: 100_000 });
  });

  it('warmed up from candle history, it acts on the last history bar at the first quote of the bar after it', () => {
    const { engine } = engineWith([0, 0, 0, 1]);
    const history = [0, 1, 2, 3].map((k) => ({ timeMs: T0 + k * BAR_MS, open: 1.1, high: 1.1, low: 1.1, close: 1.1 }));
    expect(engine.warmUp('EUR_USD', history)).toBe(4);
    engine.activateParams('scripted', 'v1', { sign: 1, warmup: 4 });
    expect(engine.warmupBarsLeft('EUR_USD')).toBe(0);
    // Before reconciliation nothing is decided; a late tick of a bar the history holds is left out.
    expect(barTick(engine, 3)).toBe(NO_EVENTS);
    engine.reconcile(flatAccount, T0);
    // The first quote of bar 4 decides on bar 3, the history's last, as the backtester would at bar 4's open.
    const decision = onlyDecision(barTick(engine, 4));
    expect(decision).toMatchObject({ outcome: 'order', barTimeMs: T0 + 3 * BAR_MS, direction: 1 });
    expect(decision.intent!.clientOrderId).toBe(`hp-${ACCOUNT}-EUR_USD-${T0 + 3 * BAR_MS}-0`);
    // History older than what the engine has is ignored.
    expect(engine.warmUp('EUR_USD', history)).toBe(0);
  });

  it('lets the moment pass when the first quote after warm-up belongs to a later bar, and waits for its warm-up', () => {
    const { engine } = engineWith([0, 1, 1, 1, 1, 1]);
    engine.reconcile(flatAccount, T0);
    engine.warmUp('EUR_USD', [0, 1].map((k) => ({ timeMs: T0 + k * BAR_MS, open: 1.1, high: 1.1, low: 1.1, close: 1.1 })));
    engine.activateParams('scripted', 'v1', { sign: 1, warmup: 3 });
    expect(engine.warmupBarsLeft('EUR_USD')).toBe(1);
    expect(barTick(engine, 3)).toBe(NO_EVENTS);
    // Bar 3 completes at bar 4's first tick: the third bar seen, the strategy is warm, and it orders.
    expect(onlyDecision(barTick(engine, 4))).toMatchObject({ outcome: 'order', barTimeMs: T0 + 3 * BAR_MS });
  });

  it('sizes to every limit it will be checked against and says which one cut the order', () => {
    // 0.1% of 100,000 USD over a 0.001 stop wants 100,000 units (110,010 USD); the notional limit allows 55,000 USD.
    const { engine } = ready([1], { limits: { maxUnits: 1_000_000, maxNotionalUsd: 55_000, maxConcentration: 50, maxOpenTrades: 5, maxDailyLossUsd: 10_000, maxOrdersPerWindow: 100, orderRateWindowMs: 60_000 } });
    barTick(engine, 0);
    const decision = onlyDecision(barTick(engine, 1));
    expect(decision).toMatchObject({ outcome: 'order', intent: { units: 49_995 }, clip: { fromUnits: 100_000, toUnits: 49_995, clippedBy: ['max_notional'] } });
    expect(decision.failures).toBeUndefined();
  });

  it('an order abandoned because trading stopped is decided again later, without counting as a venue reject', () => {
    const { engine } = ready([1, 1, 1], { breakers: { consecutive_rejects: { threshold: 1, tripTo: 'HALTED', coolDownMs: 60_000, autoReset: false } } });
    barTick(engine, 0);
    const first = onlyDecision(barTick(engine, 1)).intent!;
    engine.onAbandoned(first.clientOrderId);
    expect(engine.tradingState).toBe('ACTIVE');
    expect(onlyDecision(barTick(engine, 2))).toMatchObject({ outcome: 'order', direction: 1 });
    expect(() => engine.onAbandoned(first.clientOrderId)).toThrow('matches no order in flight');
  });

  it('the clock completes a quiet bar after the flush delay', () => {
    const { engine } = ready([1]);
    barTick(engine, 0);
    expect(engine.onClock(T0 + BAR_MS + 1_999)).toBe(NO_EVENTS);
    const decision = onlyDecision(engine.onClock(T0 + BAR_MS + 2_000));
    expect(decision).toMatchObject({ outcome: 'order', barTimeMs: T0, decidedAtMs: T0 + BAR_MS + 2_000, intent: { referencePriceQuote: 1.1001 } });
  });

  it('a quote of an instrument it does not trade only updates the conversion prices', () => {
    const { engine } = ready([]);
    expect(engine.onQuote({ instrument: 'USD_JPY', timeMs: T0, bid: 150, ask: 150.02, tradeable: true }, T0)).toBe(NO_EVENTS);
  });
});
