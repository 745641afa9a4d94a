import { waitFor } from '../../infra/async/wait-for';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import type { BrokerTransaction } from '../../domain/broker/transaction';
import { startEntryPoint, type RunningProcess } from './processes';

/** A simulator clock that runs `speed` times faster than ours from now on, so bars complete in test time. */
export function acceleratedClock(speed: number): () => number {
  const startedMs = Date.now();
  return () => startedMs + (Date.now() - startedMs) * speed;
}

/** The last lines a process wrote, for a failure message. */
export const lastLines = (process: RunningProcess | undefined, count = 30): string =>
  process?.output().split('\n').slice(-count).join('\n') ?? '(no hot path running)';

/** The compiled hot path, once its /status says it has reconciled; a timeout shows what it last said. */
export async function startReconciledHotPath(env: Record<string, string>, statusUrl: string, timeoutMs = 60_000): Promise<RunningProcess> {
  const hotPath = startEntryPoint('hot-path', 'workers/hot-path', env);
  const reconciled = async () => {
    const status = (await (await fetch(statusUrl)).json().catch(() => undefined)) as { reconciled?: boolean } | undefined;
    return status?.reconciled ? true : undefined;
  };
  await waitFor('the hot path to reconcile', () => reconciled().catch(() => undefined), timeoutMs).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${lastLines(hotPath)}`);
  });
  return hotPath;
}

/** Every transaction the venue has recorded, page by page. */
export async function venueTransactions(broker: OandaBroker): Promise<BrokerTransaction[]> {
  const all: BrokerTransaction[] = [];
  for (let since = '0'; ;) {
    const page = await broker.transactionsSince(since);
    all.push(...page.transactions);
    if (page.transactions.length === 0 || page.transactions.at(-1)!.transactionId === page.lastTransactionId) return all;
    since = page.transactions.at(-1)!.transactionId;
  }
}
