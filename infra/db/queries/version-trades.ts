import { sql } from 'drizzle-orm';
import type { TradeClose } from '../../../domain/research/live-record';
import type { Database } from '../client';

export interface VersionTrades {
  /** Trades the version's orders opened in the window, by account. */
  tradesOpenedByAccount: Record<string, number>;
  /** Closes of those trades in the window, oldest first, whoever closed them (the strategy, a stop, a take-profit, a stop-all). */
  closes: TradeClose[];
}

interface OpenedRow extends Record<string, unknown> {
  order_account_id: string;
  account_id: string;
  trade_id: string;
  opened_at: Date;
}

interface CloseRow extends Record<string, unknown> {
  account_id: string;
  trade_id: string;
  closed_at: Date;
  realized_pl: number | null;
}

/**
 * The trades a strategy version opened in [sinceMs, untilMs) and their realized closes in the same window. A trade
 * belongs to the version whose order opened it (orders.params_version, through the opening fill's client order id);
 * its P/L is realized by whichever fill closes it, recorded in that fill's trades_closed.
 *
 * Two reads that each follow an index whatever the planner knows (right after bulk writes it has no statistics, and
 * a single join then ran for seconds): the version's orders and their opening fills by client order id, then the
 * window's closing fills of those accounts by time. The trades are matched here.
 */
export async function versionTrades(db: Database, query: { strategy: string; version: number; sinceMs: number; untilMs: number }): Promise<VersionTrades> {
  // Joined on the client order id alone: any other condition here lets the planner walk the fills by account instead.
  const { rows: openings } = await db.execute<OpenedRow>(sql`
    select o.account_id as order_account_id, f.account_id, f.trade_opened_id as trade_id, f.filled_at as opened_at
    from orders o join fills f on f.client_order_id = o.client_order_id
    where o.strategy = ${query.strategy} and o.params_version = ${query.version} and f.trade_opened_id is not null`);
  const opened = openings.filter((row) => {
    const openedMs = new Date(row.opened_at).getTime();
    return row.account_id === row.order_account_id && openedMs >= query.sinceMs && openedMs < query.untilMs;
  });
  if (opened.length === 0) return { tradesOpenedByAccount: {}, closes: [] };

  const tradesOpenedByAccount: Record<string, number> = {};
  const ownTrades = new Set<string>();
  for (const row of opened) {
    tradesOpenedByAccount[row.account_id] = (tradesOpenedByAccount[row.account_id] ?? 0) + 1;
    ownTrades.add(`${row.account_id}/${row.trade_id}`);
  }
  const accounts = Object.keys(tradesOpenedByAccount);
  const { rows: closing } = await db.execute<CloseRow>(sql`
    select c.account_id, closed."tradeId" as trade_id, c.filled_at as closed_at, closed."realizedPl" as realized_pl
    from fills c cross join lateral jsonb_to_recordset(c.trades_closed) as closed("tradeId" text, "realizedPl" float8)
    where c.account_id in (${sql.join(accounts.map((account) => sql`${account}`), sql`, `)})
      and c.filled_at >= ${new Date(query.sinceMs)} and c.filled_at < ${new Date(query.untilMs)} and c.trades_closed <> '[]'::jsonb
    order by c.filled_at, c.id`);
  const closes = closing
    .map((row) => ({ tradeId: `${row.account_id}/${row.trade_id}`, timeMs: new Date(row.closed_at).getTime(), realizedPl: Number(row.realized_pl ?? 0) }))
    .filter((close) => ownTrades.has(close.tradeId));
  return { tradesOpenedByAccount, closes };
}
