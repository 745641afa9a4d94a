import {
  clearManualOverride, effectiveTradingState, emptyBreakerBoard, evaluateBreakers, resetBreaker, setManualOverride,
  type BreakerBoard, type BreakersConfig,
} from '../../../../domain/risk/circuit-breakers';

const T0 = 1_700_000_000_000;
const CONFIG: BreakersConfig = {
  daily_loss: { threshold: 1_000, tripTo: 'HALTED', coolDownMs: 60_000, autoReset: false },
  order_rate: { threshold: 10, tripTo: 'REDUCING', coolDownMs: 5_000, autoReset: true },
};

function tripped(observations: Parameters<typeof evaluateBreakers>[1]): BreakerBoard {
  return evaluateBreakers(emptyBreakerBoard(), observations, T0, CONFIG).board;
}

describe('circuit breakers', () => {
  it('stay ARMED and ACTIVE while observations are under their thresholds', () => {
    const result = evaluateBreakers(emptyBreakerBoard(), { daily_loss: 999, order_rate: 9 }, T0, CONFIG);
    expect(result.events).toEqual([]);
    expect(result.tradingState).toBe('ACTIVE');
    expect(result.board.breakers.daily_loss?.phase).toBe('ARMED');
  });

  it('ARMED -> TRIPPED when an observation reaches its threshold, moving trading to the breaker target', () => {
    const result = evaluateBreakers(emptyBreakerBoard(), { daily_loss: 1_200 }, T0, CONFIG);
    expect(result.tradingState).toBe('HALTED');
    expect(result.events).toEqual([{
      kind: 'tripped', breaker: 'daily_loss', atMs: T0, tradingState: 'HALTED',
      reason: 'daily loss (USD) 1200 >= threshold 1000: trading HALTED',
    }]);
    expect(result.board.breakers.daily_loss).toMatchObject({ phase: 'TRIPPED', trippedAtMs: T0, lastBreachMs: T0 });
  });

  it('TRIPPED stays tripped through the cool-down, and a new breach restarts it', () => {
    let board = tripped({ order_rate: 12 });
    board = evaluateBreakers(board, { order_rate: 3 }, T0 + 4_000, CONFIG).board;
    expect(board.breakers.order_rate?.phase).toBe('TRIPPED');
    board = evaluateBreakers(board, { order_rate: 11 }, T0 + 4_500, CONFIG).board;
    const stillCooling = evaluateBreakers(board, { order_rate: 3 }, T0 + 9_000, CONFIG);
    expect(stillCooling.events).toEqual([]);
    expect(stillCooling.tradingState).toBe('REDUCING');
    expect(evaluateBreakers(stillCooling.board, { order_rate: 3 }, T0 + 9_500, CONFIG).tradingState).toBe('ACTIVE');
  });

  it('TRIPPED -> ARMED by itself after the cool-down when the breaker auto-resets', () => {
    const result = evaluateBreakers(tripped({ order_rate: 12 }), { order_rate: 2 }, T0 + 5_000, CONFIG);
    expect(result.events).toEqual([{
      kind: 'cooled', breaker: 'order_rate', atMs: T0 + 5_000, tradingState: 'ACTIVE', reason: 'condition clear for 5000 ms: re-armed',
    }]);
    expect(result.board.breakers.order_rate).toMatchObject({ phase: 'ARMED', trippedAtMs: null });
  });

  it('TRIPPED -> LATCHED after the cool-down when a manual reset is required, still restricting trading', () => {
    const result = evaluateBreakers(tripped({ daily_loss: 1_500 }), { daily_loss: 0 }, T0 + 60_000, CONFIG);
    expect(result.events).toEqual([{
      kind: 'cooled', breaker: 'daily_loss', atMs: T0 + 60_000, tradingState: 'HALTED',
      reason: 'condition clear for 60000 ms: still HALTED until reset by hand',
    }]);
    expect(result.board.breakers.daily_loss?.phase).toBe('LATCHED');
  });

  it('LATCHED -> ARMED on a manual reset', () => {
    const latched = evaluateBreakers(tripped({ daily_loss: 1_500 }), { daily_loss: 0 }, T0 + 60_000, CONFIG).board;
    const result = resetBreaker(latched, 'daily_loss', T0 + 61_000);
    if (!result.ok) throw new Error(result.reason);
    expect(result.event).toEqual({
      kind: 'reset', breaker: 'daily_loss', atMs: T0 + 61_000, tradingState: 'ACTIVE', reason: 'reset by hand (daily loss (USD) 0 < threshold 1000)',
    });
    expect(effectiveTradingState(result.board)).toBe('ACTIVE');
  });

  it('TRIPPED -> ARMED on a manual reset before the cool-down ends, once the condition is clear', () => {
    const clear = evaluateBreakers(tripped({ daily_loss: 1_500 }), { daily_loss: 200 }, T0 + 1_000, CONFIG).board;
    const result = resetBreaker(clear, 'daily_loss', T0 + 2_000);
    expect(result.ok && result.board.breakers.daily_loss?.phase).toBe('ARMED');
  });

  it('refuses a manual reset while the condition still holds, saying why', () => {
    expect(resetBreaker(tripped({ daily_loss: 1_500 }), 'daily_loss', T0 + 1)).toEqual({
      ok: false, reason: 'breaker daily_loss cannot be reset while its condition holds: daily loss (USD) 1500 >= threshold 1000',
    });
  });

  it('refuses to reset a breaker that is not tripped', () => {
    expect(resetBreaker(emptyBreakerBoard(), 'var_limit', T0)).toEqual({ ok: false, reason: 'breaker var_limit is not tripped' });
    expect(resetBreaker(tripped({ order_rate: 1 }), 'order_rate', T0)).toEqual({ ok: false, reason: 'breaker order_rate is not tripped' });
  });

  it('LATCHED -> TRIPPED when the condition comes back before anyone resets it', () => {
    const latched = evaluateBreakers(tripped({ daily_loss: 1_500 }), { daily_loss: 0 }, T0 + 60_000, CONFIG).board;
    const result = evaluateBreakers(latched, { daily_loss: 1_100 }, T0 + 70_000, CONFIG);
    expect(result.events.map((event) => event.kind)).toEqual(['tripped']);
    expect(result.board.breakers.daily_loss).toMatchObject({ phase: 'TRIPPED', trippedAtMs: T0 + 70_000 });
  });

  it('keeps a breaker as it is when it gets no observation, and ignores breakers without config', () => {
    const board = tripped({ order_rate: 12 });
    const result = evaluateBreakers(board, { var_limit: 1e9 }, T0 + 1_000_000, CONFIG);
    expect(result.board.breakers.order_rate?.phase).toBe('TRIPPED');
    expect(result.board.breakers.var_limit).toBeUndefined();
    expect(result.events).toEqual([]);
  });

  it('trades at the most severe state among tripped breakers and the manual override', () => {
    let board = tripped({ daily_loss: 1_500, order_rate: 12 });
    expect(effectiveTradingState(board)).toBe('HALTED');
    board = evaluateBreakers(board, { daily_loss: 0, order_rate: 12 }, T0 + 10_000, CONFIG).board;
    const reset = resetBreaker(board, 'daily_loss', T0 + 10_000);
    if (!reset.ok) throw new Error(reset.reason);
    expect(effectiveTradingState(reset.board)).toBe('REDUCING');

    const overridden = setManualOverride(reset.board, 'HALTED', 'operator: news event', T0 + 11_000);
    expect(overridden.event).toMatchObject({ kind: 'override_set', breaker: 'manual', tradingState: 'HALTED', reason: 'HALTED: operator: news event' });
    // An ACTIVE override cannot loosen a tripped breaker.
    expect(effectiveTradingState(setManualOverride(reset.board, 'ACTIVE', 'try to resume', T0).board)).toBe('REDUCING');
    const cleared = clearManualOverride(overridden.board, 'news passed', T0 + 12_000);
    expect(cleared.event).toMatchObject({ kind: 'override_cleared', tradingState: 'REDUCING' });
  });

  it('a manual override needs a reason', () => {
    expect(() => setManualOverride(emptyBreakerBoard(), 'HALTED', ' ', T0)).toThrow('needs a reason');
  });

  it('is plain JSON: a board that went through JSON evaluates the same', () => {
    const board = tripped({ daily_loss: 1_500, order_rate: 12 });
    const restored = JSON.parse(JSON.stringify(setManualOverride(board, 'REDUCING', 'drill', T0).board)) as BreakerBoard;
    const original = evaluateBreakers(setManualOverride(board, 'REDUCING', 'drill', T0).board, { order_rate: 0 }, T0 + 5_000, CONFIG);
    expect(evaluateBreakers(restored, { order_rate: 0 }, T0 + 5_000, CONFIG)).toEqual(original);
  });

  it('does not mutate the board it is given', () => {
    const board = tripped({ order_rate: 12 });
    const snapshot = JSON.stringify(board);
    evaluateBreakers(board, { order_rate: 0, daily_loss: 5_000 }, T0 + 5_000, CONFIG);
    resetBreaker(board, 'order_rate', T0);
    expect(JSON.stringify(board)).toBe(snapshot);
  });
});
