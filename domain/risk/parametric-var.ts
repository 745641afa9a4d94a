/** Variance-covariance (normal) VaR/ES: P/L ~ N(wᵀμ, wᵀΣw) with w the USD exposures. */
import { quadraticForm } from '../math/linear-algebra';
import { covarianceMatrix, mean, normalPdf, normalQuantile } from '../math/statistics';
import { alignRiskInputs, type PortfolioRiskInputs, type RiskMeasuresUsd } from './risk-inputs';
import { NO_RISK, type TailLossUsd } from './tail-loss';

/** Closed-form normal VaR and ES: VaR = zσ - μ, ES = σφ(z)/(1 - c) - μ with z the `confidence` quantile. */
export function normalTailLoss(meanPnlUsd: number, stdDevPnlUsd: number, confidence: number): TailLossUsd {
  const z = normalQuantile(confidence);
  return {
    varUsd: z * stdDevPnlUsd - meanPnlUsd,
    esUsd: (stdDevPnlUsd * normalPdf(z)) / (1 - confidence) - meanPnlUsd,
  };
}

export function parametricRisk(inputs: PortfolioRiskInputs): RiskMeasuresUsd {
  const aligned = alignRiskInputs(inputs, 2);
  if (aligned.instruments.length === 0) return { ...NO_RISK };
  let meanPnlUsd = 0;
  aligned.returns.forEach((series, i) => (meanPnlUsd += aligned.exposuresUsd[i]! * mean(series)));
  const stdDevPnlUsd = Math.sqrt(Math.max(0, quadraticForm(covarianceMatrix(aligned.returns), aligned.exposuresUsd)));
  const at95 = normalTailLoss(meanPnlUsd, stdDevPnlUsd, 0.95);
  const at99 = normalTailLoss(meanPnlUsd, stdDevPnlUsd, 0.99);
  return { var95Usd: at95.varUsd, var99Usd: at99.varUsd, es95Usd: at95.esUsd, es99Usd: at99.esUsd };
}
