import { moreSevere, TRADING_STATES, type TradingState } from '../../domain/risk/trading-state';
import { SYSTEM_SCOPE } from '../../infra/db/schema/trading-state';

/** The `trading_state_changed` payload, when it restricts this account: the trigger writes {scope, state}. */
export function restrictionFor(accountId: string, payload: string | undefined): TradingState | undefined {
  if (!payload) return undefined;
  try {
    const { scope, state } = JSON.parse(payload) as { scope?: unknown; state?: unknown };
    if (scope !== SYSTEM_SCOPE && scope !== accountId) return undefined;
    return TRADING_STATES.includes(state as TradingState) && state !== 'ACTIVE' ? state as TradingState : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The trading state the cold path set for this account, as the hot path knows it. A restricting notification is
 * applied as it arrives, before the table is read (a halt must not wait for a query); a table read may loosen the
 * state only if it began after the last restricting notification, so a read overtaken by a halt cannot undo it.
 */
export class ControlState {
  private current: TradingState = 'ACTIVE';
  private changedAt = new Date();
  private restrictions = 0;

  get state(): TradingState {
    return this.current;
  }

  /** When the current state was taken: how fast a halt reached the hot path, by its own clock. */
  get since(): Date {
    return this.changedAt;
  }

  /** True when the state changed. */
  restrict(state: TradingState): boolean {
    this.restrictions++;
    return this.set(moreSevere(this.current, state));
  }

  /** Call before reading the table; hand the token to `applyRead` with what was read. */
  beginRead(): number {
    return this.restrictions;
  }

  /** True when the state changed. */
  applyRead(token: number, state: TradingState): boolean {
    const loosens = moreSevere(state, this.current) !== state;
    if (loosens && token < this.restrictions) return false;
    return this.set(state);
  }

  private set(state: TradingState): boolean {
    if (state === this.current) return false;
    this.current = state;
    this.changedAt = new Date();
    return true;
  }
}
