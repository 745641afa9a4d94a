/** Every workflow the orchestration worker registers. */
export { analysisToTrade } from './analysis-to-trade';
export { emergencyStop } from './emergency-stop';
export { healthCheck } from './health-check';
export { portfolioRebalance } from './portfolio-rebalance';
export { riskMonitor } from './risk-monitor';
export { evolutionCycle } from './evolution-cycle';
export { strategyOptimization } from './strategy-optimization';
export { reconciler } from './reconciler';
export { retentionCycle } from './retention-cycle';
export { archiveMoneyPartition } from './archive-money-partition';
export { deliverNotification } from './deliver-notification';
