import { Loading, Panel } from '../components';
import { formatMoney, formatPrice, formatTime, formatUnits, signClass } from '../format';
import { useLive, useResource } from '../live';

export interface AccountState {
  asOf: string;
  summary: {
    currency: string; nav: number; balance: number; marginUsed: number; marginAvailable: number; unrealizedPl: number;
    realizedPlToday: number; dailyPnl: number; drawdown: number | null;
  };
  positions: Array<{ instrument: string; netUnits: number; unrealizedPl: number; long: { units: number; averagePriceQuote?: number }; short: { units: number; averagePriceQuote?: number }; stopLossPrice: number | null; takeProfitPrice: number | null }>;
  trades: Array<{ tradeId: string; instrument: string; currentUnits: number; openPriceQuote: number; unrealizedPl: number; stopLossPrice: number | null; takeProfitPrice: number | null; strategy: string | null; paramsVersion: number | null }>;
  pendingOrders: Array<{ orderId: string; type: string; instrument?: string; units?: number; priceQuote?: number }>;
  recentFills: Array<{ transactionId: string; instrument: string; units: number; priceQuote: number; realizedPl: number; reason: string; filledAt: string; source: string | null; strategy: string | null; paramsVersion: number | null }>;
}

const averagePrice = (position: AccountState['positions'][number]) => (position.netUnits >= 0 ? position.long.averagePriceQuote : position.short.averagePriceQuote);
const version = (strategy: string | null, paramsVersion: number | null) => (strategy ? `${strategy}${paramsVersion ? ` v${paramsVersion}` : ''}` : '—');

/** Open positions and trades with their stops and targets, and pending entry orders, as the broker holds them now. */
export function OpenBook() {
  const { accountId } = useLive();
  const state = useResource<AccountState>(`/api/accounts/${accountId}/state`, { refreshOn: ['fill', 'order'], everyMs: 10_000 });
  if (!state.data) return <Panel title="Positions" id="positions"><Loading error={state.error} /></Panel>;
  const { positions, trades, pendingOrders } = state.data;
  return (
    <Panel title="Positions" id="positions" wide>
      <table>
        <caption>Open positions</caption>
        <thead><tr><th>Instrument</th><th class="number">Units</th><th class="number">Average price</th><th class="number">Unrealized P/L</th><th class="number">Stop loss</th><th class="number">Take profit</th></tr></thead>
        <tbody>
          {positions.length === 0 && <tr><td colSpan={6} class="muted">Flat.</td></tr>}
          {positions.map((position) => (
            <tr key={position.instrument}>
              <td>{position.instrument}</td><td class="number">{formatUnits(position.netUnits)}</td><td class="number">{formatPrice(averagePrice(position))}</td>
              <td class={`number ${signClass(position.unrealizedPl)}`}>{formatMoney(position.unrealizedPl)}</td>
              <td class="number">{formatPrice(position.stopLossPrice)}</td><td class="number">{formatPrice(position.takeProfitPrice)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Open trades</caption>
        <thead><tr><th>Trade</th><th>Instrument</th><th class="number">Units</th><th class="number">Open price</th><th class="number">Unrealized P/L</th><th class="number">Stop loss</th><th class="number">Take profit</th><th>Strategy</th></tr></thead>
        <tbody>
          {trades.length === 0 && <tr><td colSpan={8} class="muted">None.</td></tr>}
          {trades.map((trade) => (
            <tr key={trade.tradeId}>
              <td>{trade.tradeId}</td><td>{trade.instrument}</td><td class="number">{formatUnits(trade.currentUnits)}</td><td class="number">{formatPrice(trade.openPriceQuote)}</td>
              <td class={`number ${signClass(trade.unrealizedPl)}`}>{formatMoney(trade.unrealizedPl)}</td>
              <td class="number">{formatPrice(trade.stopLossPrice)}</td><td class="number">{formatPrice(trade.takeProfitPrice)}</td><td>{version(trade.strategy, trade.paramsVersion)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pendingOrders.length > 0 && (
        <table>
          <caption>Pending entry orders</caption>
          <thead><tr><th>Order</th><th>Type</th><th>Instrument</th><th class="number">Units</th><th class="number">Price</th></tr></thead>
          <tbody>
            {pendingOrders.map((order) => (
              <tr key={order.orderId}><td>{order.orderId}</td><td>{order.type}</td><td>{order.instrument ?? '—'}</td><td class="number">{formatUnits(order.units)}</td><td class="number">{formatPrice(order.priceQuote)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** The latest fills of both paths, with the strategy version behind each. */
export function RecentFills() {
  const { accountId } = useLive();
  const state = useResource<AccountState>(`/api/accounts/${accountId}/state`, { refreshOn: ['fill'], everyMs: 10_000 });
  return (
    <Panel title="Recent fills" id="fills">
      {!state.data ? <Loading error={state.error} /> : (
        <table>
          <thead><tr><th>Time</th><th>Instrument</th><th class="number">Units</th><th class="number">Price</th><th class="number">Realized</th><th>Path</th><th>Strategy</th></tr></thead>
          <tbody>
            {state.data.recentFills.length === 0 && <tr><td colSpan={7} class="muted">No fills yet.</td></tr>}
            {state.data.recentFills.map((fill) => (
              <tr key={fill.transactionId}>
                <td>{formatTime(fill.filledAt)}</td><td>{fill.instrument}</td><td class="number">{formatUnits(fill.units)}</td><td class="number">{formatPrice(fill.priceQuote)}</td>
                <td class={`number ${signClass(fill.realizedPl)}`}>{formatMoney(fill.realizedPl)}</td><td>{fill.source ?? fill.reason}</td><td>{version(fill.strategy, fill.paramsVersion)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
