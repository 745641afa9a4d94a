import { sql } from 'drizzle-orm';
import type { TradeClose } from '../../../domain/research/live-record';
import type { Database } from '../client';

export interface VersionTrades {
  /** Trades the version's orders opened in the window, by account. */
  tradesOpenedByAccount: Record<string, number>;
  /** Closes of those trades in the window, oldest first, whoever closed them (the strategy, a stop, a take-profit, a stop-all). */
  closes: TradeClose[];
}

interface Row extends Record<string, unknown> {
  account_id: string;
  trade_id: string;
  closed_at: Date | null;
  realized_pl: number | null;
}

/**
 * The trades a strategy version opened in [sinceMs, untilMs) and their realized closes in the same window. A trade
 * belongs to the version whose order opened it (orders.params_version, through the opening fill's client order id);
 * its P/L is realized by whichever fill closes it, recorded in that fill's trades_closed.
 */
export async function versionTrades(db: Database, query: { strategy: string; version: number; sinceMs: number; untilMs: number }): Promise<VersionTrades> {
  const since = new Date(query.sinceMs);
  const until = new Date(query.untilMs);
  const { rows } = await db.execute<Row>(sql`
    with opened as (
      select f.account_id, f.trade_opened_id as trade_id
      from orders o join fills f on f.client_order_id = o.client_order_id and f.account_id = o.account_id
      where o.strategy = ${query.strategy} and o.params_version = ${query.version} and f.trade_opened_id is not null
        and f.filled_at >= ${since} and f.filled_at < ${until}
    )
    select opened.account_id, opened.trade_id, closing.filled_at as closed_at, closing.realized_pl
    from opened left join (
      select c.id, c.account_id, c.filled_at, closed."tradeId" as trade_id, closed."realizedPl" as realized_pl
      from fills c cross join lateral jsonb_to_recordset(c.trades_closed) as closed("tradeId" text, "realizedPl" float8)
      where c.filled_at >= ${since} and c.filled_at < ${until}
    ) closing on closing.account_id = opened.account_id and closing.trade_id = opened.trade_id
    order by closing.filled_at nulls first, closing.id`);

  const opened = new Set<string>();
  const tradesOpenedByAccount: Record<string, number> = {};
  const closes: TradeClose[] = [];
  for (const row of rows) {
    const key = `${row.account_id}/${row.trade_id}`;
    if (!opened.has(key)) {
      opened.add(key);
      tradesOpenedByAccount[row.account_id] = (tradesOpenedByAccount[row.account_id] ?? 0) + 1;
    }
    if (row.closed_at !== null) closes.push({ tradeId: key, timeMs: new Date(row.closed_at).getTime(), realizedPl: Number(row.realized_pl ?? 0) });
  }
  return { tradesOpenedByAccount, closes };
}
