import { instrumentSpec, type InstrumentName } from '../../domain/market';
import { findUsdPerUnit, quoteToUsdRate } from '../../domain/money/usd-conversion';
import { checkPreTrade, recordOrderTime, type PreTradeLimits } from '../../domain/risk/pre-trade-checks';
import { isPositionReducing, type TradingState } from '../../domain/risk/trading-state';
import { clipTargetToLimits } from '../../domain/sizing/clip-to-limits';
import { reopeningAfterLastPrice } from '../../domain/trading/market-hours';
import { riskFractionUnits } from '../../domain/sizing/risk-fraction';
import type { SignalSummary } from '../../workflows/definitions/analysis-to-trade';
import type { AccountSnapshotResult } from '../broker/account-snapshot';
import { accountForChecks } from './account-for-checks';

export interface SignalCandidate {
  instrument: InstrumentName;
  signal: SignalSummary;
}

export interface SignalAssessment {
  instrument: InstrumentName;
  decision: 'approved' | 'rejected' | 'already_positioned' | 'market_closed';
  reasons: string[];
  trade?: { units: number; priceQuote: number; stopLossDistance: number; reducing: boolean };
}

export interface AssessSignalsInput {
  accountId: string;
  candidates: SignalCandidate[];
  snapshot: AccountSnapshotResult;
  tradingState: TradingState;
}

export interface AssessmentRules {
  limits: PreTradeLimits;
  riskFraction: number;
  nowMs: number;
  /** Times of the account's orders inside the rate window. */
  recentOrderTimesMs: number[];
}

/**
 * Sizes each signal to risk a fixed share of NAV at its stop, holds the size to every limit the order will be
 * checked against (units, notional, concentration, margin) so a good signal trades smaller rather than not at all,
 * and passes the order through every pre-trade check.
 */
export function assessSignals(input: AssessSignalsInput, rules: AssessmentRules): SignalAssessment[] {
  const account = accountForChecks(input.snapshot);
  let orderTimes = rules.recentOrderTimesMs;
  return input.candidates.map(({ instrument, signal }): SignalAssessment => {
    const currentUnits = input.snapshot.positions[instrument] ?? 0;
    if (Math.sign(currentUnits) === signal.direction) {
      return { instrument, decision: 'already_positioned', reasons: [`already ${currentUnits > 0 ? 'long' : 'short'} ${Math.abs(currentUnits)} units`] };
    }
    const quote = input.snapshot.quotes[instrument];
    if (!quote) return { instrument, decision: 'rejected', reasons: [`no quote for ${instrument}`] };
    if (!quote.tradeable) return { instrument, decision: 'market_closed', reasons: [marketClosedReason(instrument, quote.timeMs ?? rules.nowMs)] };
    const priceQuote = signal.direction > 0 ? quote.ask : quote.bid;
    const spec = instrumentSpec(instrument);
    const usdPerUnit = findUsdPerUnit(instrument, priceQuote, input.snapshot.pricesMid);
    if (usdPerUnit === undefined) return { instrument, decision: 'rejected', reasons: [`no price converts ${instrument} to USD`] };
    const size = riskFractionUnits({
      equityAccount: account.navUsd,
      riskFraction: rules.riskFraction,
      stopDistancePrice: signal.stopDistance,
      quoteToAccountRate: quoteToUsdRate(instrument, input.snapshot.pricesMid),
      instrument: spec,
    });
    if (size.units === 0) return { instrument, decision: 'rejected', reasons: [`position size is 0: ${size.limitedBy}`] };
    const clip = clipTargetToLimits({
      targetUnits: signal.direction * size.units, positionUnits: currentUnits, usdPerUnit, navUsd: account.navUsd, limits: rules.limits,
      marginRate: spec.marginRate, marginAvailableUsd: input.snapshot.marginAvailableUsd, tradeUnitsPrecision: spec.tradeUnitsPrecision,
    });
    const clipped = clip.clippedBy.length > 0 ? [`size ${size.units} cut to ${Math.abs(clip.targetUnits)} units by ${clip.clippedBy.join(', ')}`] : [];
    const units = clip.targetUnits - currentUnits;
    if (units === 0) return { instrument, decision: 'rejected', reasons: [...clipped, 'no units left to trade within the limits'] };
    const decision = checkPreTrade({ order: { instrument, units, priceQuote }, account, recentOrderTimesMs: orderTimes, nowMs: rules.nowMs, limits: rules.limits, tradingState: input.tradingState });
    const trade = { units, priceQuote, stopLossDistance: signal.stopDistance, reducing: isPositionReducing(currentUnits, units) };
    if (!decision.approved) return { instrument, decision: 'rejected', reasons: [...clipped, ...decision.failures.map((f) => `${f.check}: ${f.reason}`)], trade };
    orderTimes = recordOrderTime(orderTimes, rules.nowMs, rules.limits.orderRateWindowMs);
    return { instrument, decision: 'approved', reasons: clipped, trade };
  });
}

/**
 * The venue does not trade the instrument now; the calendar, counted from the venue's last price (its clock, not
 * ours), says when it should again.
 */
function marketClosedReason(instrument: InstrumentName, lastPriceMs: number): string {
  const reopensMs = reopeningAfterLastPrice(instrument, lastPriceMs);
  const reopens = reopensMs === undefined ? 'a closure outside the weekly one: a holiday or a halt' : `reopens at ${new Date(reopensMs).toISOString()}`;
  return `market closed for ${instrument}: the venue quotes it not tradeable (${reopens}); nothing placed`;
}
