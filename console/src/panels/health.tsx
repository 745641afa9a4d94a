import { Loading, Panel, StateBadge } from '../components';
import { formatTime } from '../format';
import { useResource } from '../live';

interface Health { overall: string; components: Array<{ component: string; status: string; detail?: string; checkedAt?: string; stale?: boolean }> }

/** The latest health check of each component. */
export function HealthPanel() {
  const health = useResource<Health>('/api/system/health', { refreshOn: ['health'], everyMs: 30_000 });
  return (
    <Panel title="Health" id="health">
      {!health.data ? <Loading error={health.error} /> : (
        <table>
          <thead><tr><th>Component</th><th>Status</th><th>Detail</th><th>Checked</th></tr></thead>
          <tbody>
            {health.data.components.length === 0 && <tr><td colSpan={4} class="muted">No health check has run yet.</td></tr>}
            {health.data.components.map((component) => (
              <tr key={component.component}>
                <td>{component.component}</td><td><StateBadge state={component.stale ? 'STALE' : component.status.toUpperCase()} /></td>
                <td>{component.detail ?? ''}</td><td>{formatTime(component.checkedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
