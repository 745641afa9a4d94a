export const OBJECTIVES = ['sharpe', 'sortino', 'calmar', 'return_over_drawdown'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/**
 * Ratios with nothing to divide by (no drawdown, no downside) are unbounded; JSON has no Infinity and workflow
 * state is JSON, so they are capped at a value that still ranks first.
 */
export const RATIO_CAP = 1e6;

export const capRatio = (value: number): number => (Number.isNaN(value) ? 0 : Math.max(-RATIO_CAP, Math.min(RATIO_CAP, value)));
