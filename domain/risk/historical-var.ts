/** Historical-simulation VaR/ES: today's exposures replayed through every period of the return history. */
import { alignRiskInputs, type PortfolioRiskInputs, type RiskMeasuresUsd } from './risk-inputs';
import { NO_RISK, riskMeasuresFromPnl } from './tail-loss';

export function historicalRisk(inputs: PortfolioRiskInputs): RiskMeasuresUsd {
  const aligned = alignRiskInputs(inputs, 1);
  if (aligned.instruments.length === 0) return { ...NO_RISK };
  const pnlUsd = new Float64Array(aligned.periods);
  aligned.returns.forEach((series, i) => {
    const exposure = aligned.exposuresUsd[i]!;
    for (let t = 0; t < aligned.periods; t++) pnlUsd[t] += exposure * series[t]!;
  });
  return riskMeasuresFromPnl(pnlUsd);
}
