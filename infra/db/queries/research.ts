import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Candle, Granularity, InstrumentName } from '../../../domain/market';
import type { Database } from '../client';
import { backtestRuns, candles, evolutionGenerations } from '../schema';

/** Complete candles with bid and ask in [fromMs, toMs), oldest first: a research dataset for one instrument. */
export async function completeCandlesBetween(db: Database, instrument: InstrumentName, granularity: Granularity, fromMs: number, toMs: number): Promise<Candle[]> {
  const rows = await db.select().from(candles)
    .where(and(eq(candles.instrument, instrument), eq(candles.granularity, granularity), eq(candles.complete, true), gte(candles.timeMs, fromMs), lt(candles.timeMs, toMs)))
    .orderBy(asc(candles.timeMs));
  return rows.map((row) => ({
    timeMs: row.timeMs,
    volume: row.volume,
    complete: true,
    bid: { o: row.bidOpen, h: row.bidHigh, l: row.bidLow, c: row.bidClose },
    ask: { o: row.askOpen, h: row.askHigh, l: row.askLow, c: row.askClose },
  }));
}

export type BacktestRunRecord = typeof backtestRuns.$inferInsert;

/** Stores trials; one already stored under the same (run_id, trial_key) (a retried activity) is left as it was. */
export async function insertBacktestRuns(db: Database, rows: readonly BacktestRunRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(backtestRuns).values([...rows]).onConflictDoNothing({ target: [backtestRuns.runId, backtestRuns.trialKey] });
}

export async function backtestRunsOf(db: Database, runId: string) {
  return db.select().from(backtestRuns).where(eq(backtestRuns.runId, runId)).orderBy(asc(backtestRuns.id));
}

export type EvolutionGenerationRecord = typeof evolutionGenerations.$inferInsert;

/** One row per cycle workflow; a retried recording writes nothing twice. */
export async function insertEvolutionGeneration(db: Database, row: EvolutionGenerationRecord): Promise<void> {
  await db.insert(evolutionGenerations).values(row).onConflictDoNothing({ target: evolutionGenerations.workflowId });
}
