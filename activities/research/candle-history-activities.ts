import { Context } from '@temporalio/activity';
import type { Broker } from '../../domain/broker';
import type { DatabaseHandle } from '../../infra/db/client';
import { upsertCandles } from '../../infra/db/queries/candles';
import type { Dataset } from '../../workflows/definitions/research';
import { callBroker } from '../broker/broker-failure';

export interface CandleHistoryDeps {
  database: DatabaseHandle;
  broker: Broker;
}

/** OANDA answers at most 5000 candles per request. */
const MAX_CANDLES_PER_REQUEST = 5000;

export type CandleHistoryActivities = ReturnType<typeof createCandleHistoryActivities>;

export function createCandleHistoryActivities(deps: CandleHistoryDeps) {
  return {
    /**
     * Fills the candles cache with every candle of the dataset's range, paging backwards from its end through the
     * broker (heartbeating per page); returns the candles stored per instrument.
     */
    async loadCandleHistory({ dataset }: { dataset: Dataset }): Promise<Record<string, number>> {
      const context = Context.current();
      const stored: Record<string, number> = {};
      for (const instrument of dataset.instruments) {
        stored[instrument] = 0;
        let toMs = dataset.toMs;
        while (toMs > dataset.fromMs) {
          const page = await callBroker(() => deps.broker.candles({ instrument, granularity: dataset.granularity, count: MAX_CANDLES_PER_REQUEST, toMs, components: ['bid', 'ask'] }));
          const inRange = page.filter((candle) => candle.timeMs >= dataset.fromMs && candle.timeMs < dataset.toMs);
          await upsertCandles(deps.database.db, instrument, dataset.granularity, inRange);
          stored[instrument] += inRange.filter((candle) => candle.complete).length;
          context.heartbeat({ instrument, toMs });
          const oldestMs = page[0]?.timeMs;
          // A page that does not reach further back means the venue has no older candles.
          if (oldestMs === undefined || oldestMs >= toMs || page.length < MAX_CANDLES_PER_REQUEST) break;
          toMs = oldestMs;
        }
      }
      return stored;
    },
  };
}
