import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection } from '@temporalio/worker';
import type { Logger } from '../logging';
import type { TemporalConnectionOptions } from './temporal-connection';

/** Connects the worker to Temporal, waiting (with a log line per attempt) while the server is still starting. */
export async function connectWorker(options: TemporalConnectionOptions, logger: Logger, giveUpAfterMs = 120_000): Promise<NativeConnection> {
  const { address } = options;
  const deadline = Date.now() + giveUpAfterMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect(options);
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${giveUpAfterMs} ms: ${String(error)}`);
      logger.warn({ address, attempt }, 'Temporal not reachable yet; retrying');
      await sleep(Math.min(5000, 250 * 2 ** attempt));
    }
  }
}
