/** Monte Carlo VaR/ES: returns drawn from a multivariate normal fitted to the history (Cholesky of Σ), seeded. */
import { choleskyLower } from '../math/linear-algebra';
import { covarianceMatrix, mean } from '../math/statistics';
import type { Random } from '../random';
import { alignRiskInputs, type PortfolioRiskInputs, type RiskMeasuresUsd } from './risk-inputs';
import { NO_RISK, riskMeasuresFromPnl } from './tail-loss';

export interface MonteCarloOptions {
  /** Number of simulated periods; 99% ES rests on 1% of them, so keep it in the thousands. */
  paths: number;
  random: Random;
}

export function monteCarloRisk(inputs: PortfolioRiskInputs, options: MonteCarloOptions): RiskMeasuresUsd {
  if (!Number.isInteger(options.paths) || options.paths < 100) throw new RangeError(`Monte Carlo needs an integer of at least 100 paths, got ${options.paths}`);
  const aligned = alignRiskInputs(inputs, 2);
  const n = aligned.instruments.length;
  if (n === 0) return { ...NO_RISK };
  const means = aligned.returns.map((series) => mean(series));
  const lower = choleskyLower(covarianceMatrix(aligned.returns));
  const shocks = new Float64Array(n);
  const pnlUsd = new Float64Array(options.paths);
  for (let path = 0; path < options.paths; path++) {
    for (let k = 0; k < n; k++) shocks[k] = options.random.normal();
    let pnl = 0;
    for (let i = 0; i < n; i++) {
      let simulatedReturn = means[i]!;
      for (let k = 0; k <= i; k++) simulatedReturn += lower[i]![k]! * shocks[k]!;
      pnl += aligned.exposuresUsd[i]! * simulatedReturn;
    }
    pnlUsd[path] = pnl;
  }
  return riskMeasuresFromPnl(pnlUsd);
}
