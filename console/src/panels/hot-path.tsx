import { Loading, Panel, StateBadge } from '../components';
import { formatMoney, formatTime, formatUnits } from '../format';
import { useResource } from '../live';

interface InstrumentStatus {
  instrument: string; positionUnits: number; warmupBarsLeft: number; paramsVersion: string; tradeable?: boolean;
  decisions: Record<string, number>; lastDecision?: { outcome: string; decidedAt: string; direction?: number };
}
interface HotPathProcess {
  processKey: string; updatedAt: string; stale?: boolean;
  status: { navUsd?: number; dailyPnlUsd?: number; strategy?: string; reconciled?: boolean; instruments?: InstrumentStatus[]; breakers?: Record<string, { phase: string }> };
}

/** What each hot-path process reports: per instrument its position (CLOSED while its market is), warm-up and last decision; its breakers. */
export function HotPath() {
  const hotPath = useResource<{ staleAfterMs: number; processes: HotPathProcess[] }>('/api/hot-path', { refreshOn: ['hot_path'], everyMs: 15_000 });
  return (
    <Panel title="Hot path" id="hot-path" wide>
      {!hotPath.data ? <Loading error={hotPath.error} /> : hotPath.data.processes.length === 0 ? <p class="muted">No hot-path process has reported.</p> : (
        hotPath.data.processes.map((process) => {
          const stale = Date.now() - Date.parse(process.updatedAt) > hotPath.data!.staleAfterMs;
          return (
            <div key={process.processKey}>
              <p>
                <code>{process.processKey}</code> · {process.status.strategy ?? '—'} · NAV {formatMoney(process.status.navUsd)} · P/L today {formatMoney(process.status.dailyPnlUsd)}
                · reported {formatTime(process.updatedAt)} {stale && <StateBadge state="STALE" />}
                {Object.entries(process.status.breakers ?? {}).map(([id, breaker]) => <span key={id}> · {id} <StateBadge state={breaker.phase} /></span>)}
              </p>
              <table>
                <thead><tr><th>Instrument</th><th class="number">Position</th><th>Version</th><th>Warm-up left</th><th>Decisions (order/hold/skipped/rejected)</th><th>Last decision</th></tr></thead>
                <tbody>
                  {(process.status.instruments ?? []).map((instrument) => (
                    <tr key={instrument.instrument}>
                      <td>{instrument.instrument}{instrument.tradeable === false && <> <StateBadge state="CLOSED" /></>}</td><td class="number">{formatUnits(instrument.positionUnits)}</td><td>v{instrument.paramsVersion}</td><td>{instrument.warmupBarsLeft}</td>
                      <td>{['order', 'hold', 'skipped', 'rejected'].map((kind) => instrument.decisions[kind] ?? 0).join(' / ')}</td>
                      <td>{instrument.lastDecision ? `${instrument.lastDecision.outcome} at ${formatTime(instrument.lastDecision.decidedAt)}` : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })
      )}
    </Panel>
  );
}
