/** What a broker price stream yields: quotes, the venue's heartbeats, and notice of each reconnect. */
import type { Quote } from '../market';

export interface PriceEvent extends Quote {
  type: 'price';
}

export interface HeartbeatEvent {
  type: 'heartbeat';
  timeMs: number;
}

/** Emitted before each reconnect attempt so metrics can count reconnects and logs can say why. */
export interface ReconnectEvent {
  type: 'reconnect';
  /** 1 for the first attempt after a healthy connection, rising while attempts keep failing. */
  attempt: number;
  reason: string;
  delayMs: number;
}

export type PriceStreamEvent = PriceEvent | HeartbeatEvent | ReconnectEvent;

export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  /** Fraction of each delay drawn at random, 0..1, so many clients do not reconnect in lockstep. */
  jitterRatio: number;
}

export interface PriceStreamOptions {
  /** Aborting ends the iteration cleanly. */
  signal?: AbortSignal;
  /** No bytes for this long means the stream is dead and is reconnected. OANDA sends a heartbeat every 5 s. */
  heartbeatTimeoutMs?: number;
  /**
   * A connection must stay up this long before the backoff starts again from its first delay, so a venue that
   * accepts, sends a line and drops is not reconnected in a tight loop.
   */
  healthyAfterMs?: number;
  backoff?: Partial<BackoffPolicy>;
}

export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 10_000;

export const DEFAULT_HEALTHY_AFTER_MS = 30_000;

export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 250, maxDelayMs: 15_000, multiplier: 2, jitterRatio: 0.2 };

/** The delay before reconnect attempt `attempt` (1-based): capped exponential, with jitter drawn from `random01` in [0, 1). */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random01: number): number {
  const exponentialMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
  const jitterMs = exponentialMs * policy.jitterRatio * (2 * random01 - 1);
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, exponentialMs + jitterMs)));
}
