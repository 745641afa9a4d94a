/** VaR and expected shortfall read off a sample of portfolio P/L (historical or simulated). */
import { quantile } from '../math/statistics';
import type { RiskMeasuresUsd } from './risk-inputs';

export interface TailLossUsd {
  varUsd: number;
  esUsd: number;
}

/**
 * VaR is the loss at the (1 - confidence) quantile of P/L (interpolated, numpy's default); ES is the mean loss over
 * the outcomes at or beyond that quantile, so ES >= VaR always holds.
 */
export function tailLossFromPnl(pnlUsd: Float64Array, confidence: number): TailLossUsd {
  if (pnlUsd.length === 0) throw new RangeError('tail loss of an empty P/L sample');
  const cutoff = quantile(pnlUsd, 1 - confidence);
  let tailTotal = 0;
  let tailCount = 0;
  for (let i = 0; i < pnlUsd.length; i++) {
    if (pnlUsd[i]! <= cutoff) {
      tailTotal += pnlUsd[i]!;
      tailCount++;
    }
  }
  return { varUsd: -cutoff, esUsd: -tailTotal / tailCount };
}

export function riskMeasuresFromPnl(pnlUsd: Float64Array): RiskMeasuresUsd {
  const at95 = tailLossFromPnl(pnlUsd, 0.95);
  const at99 = tailLossFromPnl(pnlUsd, 0.99);
  return { var95Usd: at95.varUsd, var99Usd: at99.varUsd, es95Usd: at95.esUsd, es99Usd: at99.esUsd };
}

export const NO_RISK: Readonly<RiskMeasuresUsd> = Object.freeze({ var95Usd: 0, var99Usd: 0, es95Usd: 0, es99Usd: 0 });
