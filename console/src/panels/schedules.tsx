import { useState } from 'preact/hooks';
import { Loading, Panel } from '../components';
import { formatTime } from '../format';
import { useLive, useResource } from '../live';

interface Schedule { scheduleId: string; workflowType: string; paused: boolean; note?: string; nextActionTimes: string[]; recentActions: Array<{ takenAt?: string }> }

/** The Temporal Schedules: pause, unpause, or run one now. */
export function Schedules() {
  const { api } = useLive();
  const schedules = useResource<{ schedules: Schedule[] }>('/api/schedules', { everyMs: 30_000 });
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const act = async (id: string, action: 'pause' | 'unpause' | 'trigger') => {
    try {
      await api.post(`/api/schedules/${encodeURIComponent(id)}/${action}`, action === 'trigger' ? undefined : { note: 'from the operator console' });
      setMessage({ ok: true, text: `${id}: ${action} done` });
      schedules.reload();
    } catch (error) {
      setMessage({ ok: false, text: `${id}: ${action} refused: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  return (
    <Panel title="Schedules" id="schedules">
      {!schedules.data ? <Loading error={schedules.error} /> : (
        <table>
          <thead><tr><th>Schedule</th><th>Workflow</th><th>Next run</th><th /></tr></thead>
          <tbody>
            {schedules.data.schedules.length === 0 && <tr><td colSpan={4} class="muted">No schedules (SCHEDULES_ENABLED=false).</td></tr>}
            {schedules.data.schedules.map((schedule) => (
              <tr key={schedule.scheduleId} title={schedule.note}>
                <td>{schedule.scheduleId}{schedule.paused && <span class="badge state-paused">PAUSED</span>}</td><td>{schedule.workflowType}</td>
                <td>{schedule.paused ? '—' : formatTime(schedule.nextActionTimes[0])}</td>
                <td class="buttons">
                  <button type="button" onClick={() => act(schedule.scheduleId, schedule.paused ? 'unpause' : 'pause')}>{schedule.paused ? 'Unpause' : 'Pause'}</button>
                  <button type="button" onClick={() => act(schedule.scheduleId, 'trigger')}>Run now</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {message && <p class={message.ok ? 'ok' : 'error'} role="status">{message.text}</p>}
    </Panel>
  );
}
