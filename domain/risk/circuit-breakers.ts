/**
 * Circuit breakers that move the account to REDUCING or HALTED when a watched quantity crosses its threshold. The
 * board is plain JSON data so either path can persist it; every change goes through the transition table below.
 */
import { moreSevere, type TradingState } from './trading-state';

export const BREAKER_IDS = [
  'daily_loss', 'drawdown', 'order_rate', 'consecutive_rejects', 'var_limit', 'reconciliation', 'system_daily_loss', 'currency_exposure', 'correlated_concentration',
] as const;
export type BreakerId = (typeof BREAKER_IDS)[number];

/** What the observation fed to each breaker measures; a breaker trips when it is at or above the threshold. */
export const BREAKER_OBSERVATION: Readonly<Record<BreakerId, string>> = {
  daily_loss: 'daily loss (USD)',
  drawdown: 'drawdown from peak NAV (fraction)',
  order_rate: 'orders in the rate window',
  consecutive_rejects: 'consecutive rejected orders',
  var_limit: '99% VaR (USD)',
  reconciliation: 'broker positions or trades the books do not explain',
  system_daily_loss: 'daily loss of every account together (USD)',
  currency_exposure: 'largest net exposure to one currency over every account (fraction of their NAV)',
  correlated_concentration: 'largest position in one instrument of accounts whose P/L moves together (fraction of their NAV)',
};

export type RestrictedState = Exclude<TradingState, 'ACTIVE'>;

export interface BreakerConfig {
  threshold: number;
  tripTo: RestrictedState;
  /** How long the condition must stay clear before the breaker cools. */
  coolDownMs: number;
  /** True: cooling re-arms the breaker. False: it latches, still restricting, until someone resets it by hand. */
  autoReset: boolean;
}
export type BreakersConfig = Readonly<Partial<Record<BreakerId, BreakerConfig>>>;
export type BreakerObservations = Readonly<Partial<Record<BreakerId, number>>>;

export type BreakerPhase = 'ARMED' | 'TRIPPED' | 'LATCHED';

export interface BreakerStatus {
  phase: BreakerPhase;
  tripTo: RestrictedState;
  threshold: number;
  /** The latest observation and whether it breached; a manual reset is refused while it does. */
  lastValue: number;
  breached: boolean;
  lastBreachMs: number | null;
  trippedAtMs: number | null;
}

export interface ManualOverride {
  state: TradingState;
  reason: string;
  setAtMs: number;
}

export interface BreakerBoard {
  breakers: Partial<Record<BreakerId, BreakerStatus>>;
  manualOverride: ManualOverride | null;
}

export type BreakerEventKind = 'tripped' | 'cooled' | 'reset' | 'override_set' | 'override_cleared';

export interface BreakerEvent {
  kind: BreakerEventKind;
  breaker: BreakerId | 'manual';
  atMs: number;
  reason: string;
  /** The effective trading state after the event. */
  tradingState: TradingState;
}

type BreakerSignal = 'breach' | 'cooled_auto' | 'cooled_latch' | 'manual_reset';
type Transition = { to: BreakerPhase; event: Extract<BreakerEventKind, 'tripped' | 'cooled' | 'reset'> };

/** Every phase change a breaker can make; a signal missing from a row leaves the phase as it is. */
const TRANSITIONS: Readonly<Record<BreakerPhase, Partial<Record<BreakerSignal, Transition>>>> = {
  ARMED: { breach: { to: 'TRIPPED', event: 'tripped' } },
  TRIPPED: {
    cooled_auto: { to: 'ARMED', event: 'cooled' },
    cooled_latch: { to: 'LATCHED', event: 'cooled' },
    manual_reset: { to: 'ARMED', event: 'reset' },
  },
  LATCHED: { breach: { to: 'TRIPPED', event: 'tripped' }, manual_reset: { to: 'ARMED', event: 'reset' } },
};

export function emptyBreakerBoard(): BreakerBoard {
  return { breakers: {}, manualOverride: null };
}

/** The most severe of the tripped or latched breakers and the manual override. */
export function effectiveTradingState(board: BreakerBoard): TradingState {
  let state: TradingState = board.manualOverride?.state ?? 'ACTIVE';
  for (const status of Object.values(board.breakers)) {
    if (status && status.phase !== 'ARMED') state = moreSevere(state, status.tripTo);
  }
  return state;
}

function describeCondition(id: BreakerId, status: Pick<BreakerStatus, 'lastValue' | 'threshold'>): string {
  return `${BREAKER_OBSERVATION[id]} ${status.lastValue} ${status.lastValue >= status.threshold ? '>=' : '<'} threshold ${status.threshold}`;
}

function signalFor(status: BreakerStatus, config: BreakerConfig, nowMs: number): BreakerSignal | undefined {
  if (status.breached) return 'breach';
  if (status.phase !== 'TRIPPED' || status.lastBreachMs === null || nowMs - status.lastBreachMs < config.coolDownMs) return undefined;
  return config.autoReset ? 'cooled_auto' : 'cooled_latch';
}

function eventReason(id: BreakerId, transition: Transition, status: BreakerStatus, config: BreakerConfig): string {
  if (transition.event === 'tripped') return `${describeCondition(id, status)}: trading ${config.tripTo}`;
  const clearFor = `condition clear for ${config.coolDownMs} ms`;
  return transition.to === 'ARMED' ? `${clearFor}: re-armed` : `${clearFor}: still ${config.tripTo} until reset by hand`;
}

/**
 * Feeds the latest observations to every configured breaker. A breaker without an observation this time keeps its
 * phase; a breach while tripped restarts the cool-down.
 */
export function evaluateBreakers(
  board: BreakerBoard,
  observations: BreakerObservations,
  nowMs: number,
  config: BreakersConfig,
): { board: BreakerBoard; tradingState: TradingState; events: BreakerEvent[] } {
  const breakers = { ...board.breakers };
  const changes: Array<{ id: BreakerId; transition: Transition; reason: string }> = [];
  for (const id of BREAKER_IDS) {
    const breakerConfig = config[id];
    const value = observations[id];
    if (!breakerConfig || value === undefined) continue;
    if (!Number.isFinite(value)) throw new RangeError(`observation for breaker ${id} is not a finite number: ${value}`);
    const previous = breakers[id];
    const breached = value >= breakerConfig.threshold;
    const status: BreakerStatus = {
      phase: previous?.phase ?? 'ARMED',
      tripTo: breakerConfig.tripTo,
      threshold: breakerConfig.threshold,
      lastValue: value,
      breached,
      lastBreachMs: breached ? nowMs : (previous?.lastBreachMs ?? null),
      trippedAtMs: previous?.trippedAtMs ?? null,
    };
    const signal = signalFor(status, breakerConfig, nowMs);
    const transition = signal && TRANSITIONS[status.phase][signal];
    if (transition) {
      changes.push({ id, transition, reason: eventReason(id, transition, status, breakerConfig) });
      status.phase = transition.to;
      status.trippedAtMs = transition.to === 'ARMED' ? null : transition.event === 'tripped' ? nowMs : status.trippedAtMs;
    }
    breakers[id] = status;
  }
  const next: BreakerBoard = { breakers, manualOverride: board.manualOverride };
  const tradingState = effectiveTradingState(next);
  const events = changes.map(({ id, transition, reason }): BreakerEvent => ({ kind: transition.event, breaker: id, atMs: nowMs, reason, tradingState }));
  return { board: next, tradingState, events };
}

export type BreakerResetResult = { ok: true; board: BreakerBoard; event: BreakerEvent } | { ok: false; reason: string };

/** Re-arms a tripped or latched breaker by hand; refused while its last observation still breaches the threshold. */
export function resetBreaker(board: BreakerBoard, id: BreakerId, nowMs: number): BreakerResetResult {
  const status = board.breakers[id];
  const transition = status && TRANSITIONS[status.phase].manual_reset;
  if (!status || !transition) return { ok: false, reason: `breaker ${id} is not tripped` };
  if (status.breached) return { ok: false, reason: `breaker ${id} cannot be reset while its condition holds: ${describeCondition(id, status)}` };
  const next: BreakerBoard = {
    breakers: { ...board.breakers, [id]: { ...status, phase: transition.to, trippedAtMs: null } },
    manualOverride: board.manualOverride,
  };
  const reason = `reset by hand (${describeCondition(id, status)})`;
  return { ok: true, board: next, event: { kind: transition.event, breaker: id, atMs: nowMs, reason, tradingState: effectiveTradingState(next) } };
}

/** An operator's override; it can only restrict, since the effective state is the most severe of it and the breakers. */
export function setManualOverride(board: BreakerBoard, state: TradingState, reason: string, nowMs: number): { board: BreakerBoard; event: BreakerEvent } {
  if (reason.trim() === '') throw new RangeError('a manual trading-state override needs a reason');
  const next: BreakerBoard = { breakers: board.breakers, manualOverride: { state, reason, setAtMs: nowMs } };
  return { board: next, event: { kind: 'override_set', breaker: 'manual', atMs: nowMs, reason: `${state}: ${reason}`, tradingState: effectiveTradingState(next) } };
}

export function clearManualOverride(board: BreakerBoard, reason: string, nowMs: number): { board: BreakerBoard; event: BreakerEvent } {
  const next: BreakerBoard = { breakers: board.breakers, manualOverride: null };
  return { board: next, event: { kind: 'override_cleared', breaker: 'manual', atMs: nowMs, reason, tradingState: effectiveTradingState(next) } };
}
