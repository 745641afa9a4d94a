/** Every workflow the orchestration worker registers. */
export { analysisToTrade } from './analysis-to-trade';
export { healthCheck } from './health-check';
export { portfolioRebalance } from './portfolio-rebalance';
export { evolutionCycle } from './evolution-cycle';
export { strategyOptimization } from './strategy-optimization';
