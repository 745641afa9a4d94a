import { Loading, Panel, ReasonAction, StateBadge } from '../components';
import { formatTime } from '../format';
import { useLive, useResource } from '../live';

interface Breaker { phase: string; tripTo: string; breached: boolean; lastValue: number; threshold: number; trippedAtMs: number | null }
interface Board { breakers: Record<string, Breaker>; manualOverride: { state: string; reason: string } | null }
interface Risk { breakers: { account: Board; system: Board } }

/** Each circuit breaker of the account and of the system, with a reset for the tripped ones. */
export function Breakers() {
  const { api, accountId } = useLive();
  const risk = useResource<Risk>(`/api/risk/${accountId}`, { refreshOn: ['trading_state', 'audit'], everyMs: 15_000 });
  if (!risk.data) return <Panel title="Breakers" id="breakers"><Loading error={risk.error} /></Panel>;
  const rows = [
    ...Object.entries(risk.data.breakers.account.breakers).map(([id, breaker]) => ({ scope: accountId, id, breaker })),
    ...Object.entries(risk.data.breakers.system.breakers).map(([id, breaker]) => ({ scope: 'system', id, breaker })),
  ];
  const overrides = [
    { scope: accountId, override: risk.data.breakers.account.manualOverride },
    { scope: 'system', override: risk.data.breakers.system.manualOverride },
  ].filter((entry) => entry.override);
  return (
    <Panel title="Breakers" id="breakers">
      {overrides.map(({ scope, override }) => (
        <p key={scope}>Manual override on {scope}: <StateBadge state={override!.state} /> <span class="muted">{override!.reason}</span></p>
      ))}
      <table>
        <thead><tr><th>Scope</th><th>Breaker</th><th>Phase</th><th class="number">Value / threshold</th><th>Tripped</th><th /></tr></thead>
        <tbody>
          {rows.map(({ scope, id, breaker }) => (
            <tr key={`${scope}-${id}`} data-breaker={id}>
              <td>{scope === 'system' ? 'system' : 'account'}</td><td>{id}</td><td><StateBadge state={breaker.phase} /></td>
              <td class="number">{breaker.lastValue.toFixed(2)} / {breaker.threshold}</td>
              <td>{breaker.trippedAtMs ? formatTime(new Date(breaker.trippedAtMs).toISOString()) : '—'}</td>
              <td>{breaker.phase !== 'ARMED' && <ReasonAction label="Reset" run={(reason) => api.post(`/api/risk/breakers/${id}/reset`, { scope, reason })} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
