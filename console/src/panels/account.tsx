import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { Loading, Panel } from '../components';
import { formatMoney, formatPercent, formatTime, signClass } from '../format';
import { useLive, useResource } from '../live';
import type { AccountState } from './book';

interface Equity {
  points: Array<{ at: string; navUsd: number }>;
}

/** NAV, balance, margin and the day's P/L now, from the broker through the api. */
export function AccountSummary() {
  const { accountId } = useLive();
  const state = useResource<AccountState>(`/api/accounts/${accountId}/state`, { refreshOn: ['fill', 'order'], everyMs: 10_000 });
  const summary = state.data?.summary;
  return (
    <Panel title="Account" id="account">
      {summary ? (
        <dl class="figures">
          <div><dt>NAV</dt><dd>{formatMoney(summary.nav)} {summary.currency}</dd></div>
          <div><dt>Balance</dt><dd>{formatMoney(summary.balance)}</dd></div>
          <div><dt>Unrealized P/L</dt><dd class={signClass(summary.unrealizedPl)}>{formatMoney(summary.unrealizedPl)}</dd></div>
          <div><dt>Realized P/L today</dt><dd class={signClass(summary.realizedPlToday)}>{formatMoney(summary.realizedPlToday)}</dd></div>
          <div><dt>P/L today</dt><dd class={signClass(summary.dailyPnl)}>{formatMoney(summary.dailyPnl)}</dd></div>
          <div><dt>Drawdown</dt><dd>{formatPercent(summary.drawdown)}</dd></div>
          <div><dt>Margin used</dt><dd>{formatMoney(summary.marginUsed)}</dd></div>
          <div><dt>Margin available</dt><dd>{formatMoney(summary.marginAvailable)}</dd></div>
        </dl>
      ) : <Loading error={state.error} />}
      {state.data && <p class="muted">As of {formatTime(state.data.asOf)}</p>}
      <EquityChart />
    </Panel>
  );
}

/** NAV over the last day, from the risk monitor's readings. */
function EquityChart() {
  const { accountId } = useLive();
  const equity = useResource<Equity>(`/api/accounts/${accountId}/equity?hours=24`, { everyMs: 60_000 });
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot>();

  useEffect(() => {
    const points = equity.data?.points ?? [];
    // One reading gives the chart no range to draw: it would span years and a NAV of zero.
    if (!holder.current || points.length < 2) return;
    const data: uPlot.AlignedData = [points.map((point) => Date.parse(point.at) / 1000), points.map((point) => point.navUsd)];
    if (chart.current) {
      chart.current.setData(data);
      return;
    }
    chart.current = new uPlot({
      width: Math.max(300, holder.current.clientWidth), height: 180,
      series: [{}, { label: 'NAV (USD)', stroke: '#2563eb', width: 2 }],
      axes: [{}, { size: 80 }],
      legend: { show: false },
    }, data, holder.current);
  }, [equity.data]);
  useEffect(() => () => chart.current?.destroy(), []);

  return (
    <figure class="equity">
      <figcaption>NAV, last 24 hours</figcaption>
      <div ref={holder} data-testid="equity-chart" />
      {equity.data && equity.data.points.length < 2 && <p class="muted">The chart starts with the risk monitor's second reading (one a minute).</p>}
    </figure>
  );
}
