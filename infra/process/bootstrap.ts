import { ConfigError, loadConfig, type AppConfig } from '../config';
import { createLogger, type Logger } from '../logging';

/**
 * The first lines of every entry point: validated config and a logger. A bad configuration ends the process here,
 * naming each bad variable, before anything is started.
 */
export function bootstrap(service: string): { config: AppConfig; logger: Logger } {
  try {
    const config = loadConfig();
    return { config, logger: createLogger(service, config.LOG_LEVEL) };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** Ends the process on a failure that escaped main(), logging it as one structured line first. */
export function exitOnFailure(logger: Logger): (error: unknown) => never {
  return (error) => {
    logger.fatal({ err: error }, 'stopped by an unrecoverable error');
    process.exit(1);
  };
}

/** Runs `stop` once on SIGINT or SIGTERM. */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => Promise<void> | void): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop(signal);
    });
  }
}
