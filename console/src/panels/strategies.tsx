import { Loading, Panel, ReasonAction, StateBadge } from '../components';
import { formatMoney, formatPercent, formatTime } from '../format';
import { useLive, useResource } from '../live';

interface Strategy {
  strategy: string;
  active: { version: number; activatedAt: string; live: { tradesOpened: number; tradesClosed: number; realizedPl: number; winRate: number } } | null;
}
interface Version { version: number; status: string; createdBy: string; reason: string | null; createdAt: string; params: Record<string, unknown> }

function Versions({ name }: { name: string }) {
  const { api } = useLive();
  const versions = useResource<{ versions: Version[] }>(`/api/strategies/${encodeURIComponent(name)}/versions`, { refreshOn: ['strategy_activated'] });
  if (!versions.data) return <Loading error={versions.error} />;
  const change = (version: number, action: 'activate' | 'rollback', reason: string) =>
    api.post(`/api/strategies/${encodeURIComponent(name)}/versions/${version}/${action}`, { reason }).then(versions.reload);
  return (
    <table>
      <thead><tr><th>Version</th><th>Status</th><th>Made by</th><th>When</th><th>Parameters</th><th /></tr></thead>
      <tbody>
        {versions.data.versions.map((version) => (
          <tr key={version.version}>
            <td>v{version.version}</td><td><StateBadge state={version.status.toUpperCase()} /></td><td title={version.reason ?? ''}>{version.createdBy}</td>
            <td>{formatTime(version.createdAt)}</td><td><code>{JSON.stringify(version.params)}</code></td>
            <td>
              {version.status === 'active'
                ? <ReasonAction label="Roll back" run={(reason) => change(version.version, 'rollback', reason)} />
                : <ReasonAction label="Activate" run={(reason) => change(version.version, 'activate', reason)} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each strategy's active version with its live record, and its versions to activate or roll back. */
export function Strategies() {
  const strategies = useResource<{ items: Strategy[] }>('/api/strategies', { refreshOn: ['strategy_activated', 'fill'] });
  return (
    <Panel title="Strategies" id="strategies" wide>
      {!strategies.data ? <Loading error={strategies.error} /> : strategies.data.items.map((strategy) => (
        <details key={strategy.strategy} open={strategy.active !== null}>
          <summary>
            <strong>{strategy.strategy}</strong>{' '}
            {strategy.active
              ? <span>v{strategy.active.version} active since {formatTime(strategy.active.activatedAt)} · {strategy.active.live.tradesOpened} opened, {strategy.active.live.tradesClosed} closed, realized {formatMoney(strategy.active.live.realizedPl)}, win rate {formatPercent(strategy.active.live.winRate)}</span>
              : <span class="muted">no active version</span>}
          </summary>
          <Versions name={strategy.strategy} />
        </details>
      ))}
    </Panel>
  );
}
