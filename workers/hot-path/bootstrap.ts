import { ConfigError } from '../../infra/config';
import { createLogger, type Logger } from '../../infra/logging';
import { loadHotPathConfig, type HotPathConfig } from './config';

/** As infra/process/bootstrap, with the hot path's own settings: a bad variable ends the process, named. */
export function bootstrapHotPath(): { config: HotPathConfig; logger: Logger } {
  try {
    const config = loadHotPathConfig();
    return { config, logger: createLogger('hot-path', config.LOG_LEVEL) };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`hot-path: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
