import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logging';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
};

/**
 * Routes the Temporal SDK's own logs (worker state, workflow and activity logs) into our JSON log stream and serves
 * its metrics (task and activity latency, schedule-to-start, workflow completions and failures by type) in Prometheus
 * form on `metricsAddress`, where the worker's /metrics picks them up.
 */
export function installTemporalRuntime(logger: Logger, metricsAddress: { host: string; port: number }): void {
  const temporalLogger = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => temporalLogger[PINO_LEVEL[level]](meta ?? {}, message)),
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress: `${metricsAddress.host}:${metricsAddress.port}`, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
      },
    },
  });
}
