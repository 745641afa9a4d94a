import type { Decision, DecisionOutcome } from '../../domain/execution/engine-types';
import type { InstrumentName } from '../../domain/market';

const OUTCOMES: readonly DecisionOutcome[] = ['hold', 'order', 'rejected', 'skipped'];
/** Skips that mean the hot path could not have traded yet: the first decision without one is its first possible trade. */
const NOT_READY = new Set(['no-params', 'not-reconciled', 'warming-up']);

export interface DecisionSummary {
  outcome: DecisionOutcome;
  barTime: string;
  decidedAt: string;
  direction: number;
  skipReason?: string;
  note?: string;
  clip?: Decision['clip'];
  clientOrderId?: string;
}

export interface RejectionSummary {
  at: string;
  /** 'pre-trade': the engine's own checks refused it; 'venue': the broker refused or cancelled the order sent. */
  by: 'pre-trade' | 'venue';
  reason: string;
  clientOrderId?: string;
}

interface InstrumentTally {
  lastDecision?: DecisionSummary;
  lastRejection?: RejectionSummary;
  counts: Record<DecisionOutcome, number>;
}

/**
 * What each instrument's decisions have been since start: the last one, the last refusal and why, and counts by
 * outcome. This is what tells an operator why the hot path is not trading, without reading hot_path_decisions.
 */
export class DecisionTally {
  private readonly tallies = new Map<InstrumentName, InstrumentTally>();
  private firstPossibleDecisionMs: number | undefined;

  constructor(instruments: readonly InstrumentName[], private readonly wallClock: () => number = Date.now) {
    for (const instrument of instruments) {
      this.tallies.set(instrument, { counts: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<DecisionOutcome, number> });
    }
  }

  /** Wall-clock time of the first decision not held back by missing parameters, reconciliation or warm-up. */
  get firstPossibleDecisionAtMs(): number | undefined {
    return this.firstPossibleDecisionMs;
  }

  onDecision(decision: Decision): void {
    const tally = this.tally(decision.instrument);
    tally.counts[decision.outcome]++;
    tally.lastDecision = {
      outcome: decision.outcome, barTime: new Date(decision.barTimeMs).toISOString(), decidedAt: new Date(decision.decidedAtMs).toISOString(),
      direction: decision.direction, skipReason: decision.skipReason, note: decision.note, clip: decision.clip, clientOrderId: decision.intent?.clientOrderId,
    };
    if (decision.failures?.length) {
      tally.lastRejection = { at: tally.lastDecision.decidedAt, by: 'pre-trade', reason: decision.failures.map((failure) => `${failure.check}: ${failure.reason}`).join('; ') };
    }
    if (this.firstPossibleDecisionMs === undefined && !NOT_READY.has(decision.skipReason ?? '')) this.firstPossibleDecisionMs = this.wallClock();
  }

  onVenueRejection(instrument: InstrumentName, clientOrderId: string, reason: string, atMs: number): void {
    this.tally(instrument).lastRejection = { at: new Date(atMs).toISOString(), by: 'venue', reason, clientOrderId };
  }

  status(instrument: InstrumentName): Omit<InstrumentTally, 'counts'> & { decisions: Record<DecisionOutcome, number> } {
    const { lastDecision, lastRejection, counts } = this.tally(instrument);
    return { lastDecision, lastRejection, decisions: { ...counts } };
  }

  private tally(instrument: InstrumentName): InstrumentTally {
    const tally = this.tallies.get(instrument);
    if (!tally) throw new Error(`instrument ${instrument} is not traded by this hot path`);
    return tally;
  }
}
