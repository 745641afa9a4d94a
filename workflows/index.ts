/** Every workflow the orchestration worker registers. */
export { healthCheck } from './health-check';
