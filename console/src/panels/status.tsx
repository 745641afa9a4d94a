import { useState } from 'preact/hooks';
import type { StreamState } from '../event-stream';
import { Loading, Panel, ReasonAction, StateBadge } from '../components';
import { useLive, useResource } from '../live';

interface Risk {
  tradingState: { state: string; reasons?: string[] };
}
interface Health {
  overall: string;
}

/** The account's trading state, the system's health and whether the page is live, always on top. */
export function StatusBar({ streamState, onSignOut, onAccountChange }: { streamState: StreamState; onSignOut: () => void; onAccountChange: (accountId: string) => void }) {
  const { accountId } = useLive();
  const risk = useResource<Risk>(`/api/risk/${accountId}`, { refreshOn: ['trading_state', 'audit'] });
  const health = useResource<Health>('/api/system/health', { refreshOn: ['health'], everyMs: 30_000 });
  const accounts = useResource<{ items: Array<{ id: string; alias: string | null; enabled: boolean }> }>('/api/accounts', { refreshOn: ['trading_state'], everyMs: 60_000 });
  const choices = accounts.data?.items ?? [];
  return (
    <header class="status-bar">
      <h1>Trade Orchestrator</h1>
      {choices.length > 1 ? (
        <label class="inline">
          Account{' '}
          <select data-testid="account-choice" value={accountId} onChange={(event) => onAccountChange(event.currentTarget.value)}>
            {choices.map((account) => (
              <option key={account.id} value={account.id}>{account.id}{account.alias ? ` (${account.alias})` : ''}{account.enabled ? '' : ' — disabled'}</option>
            ))}
          </select>
        </label>
      ) : <span>Account <code>{accountId}</code></span>}
      <span aria-live="polite" data-testid="trading-state">Trading {risk.data ? <StateBadge state={risk.data.tradingState.state} /> : '…'}</span>
      <span>Health {health.data ? <StateBadge state={health.data.overall} /> : '…'}</span>
      <span class={`stream stream-${streamState}`} data-testid="stream-state">{streamState === 'live' ? 'live' : `${streamState}…`}</span>
      <button type="button" onClick={onSignOut}>Sign out</button>
    </header>
  );
}

/** Stop, reduce-only, resume for the account, and the emergency stop behind a typed confirmation. */
export function Controls() {
  const { api, accountId } = useLive();
  const risk = useResource<Risk>(`/api/risk/${accountId}`, { refreshOn: ['trading_state', 'audit'] });
  const [scope, setScope] = useState<'account' | 'system'>('account');
  const scoped = (reason: string) => (scope === 'system' ? { scope, reason } : { scope, accountId, reason });
  return (
    <Panel title="Controls" id="controls">
      <fieldset class="scope">
        <legend>Act on</legend>
        <label class="inline"><input type="radio" name="scope" checked={scope === 'account'} onChange={() => setScope('account')} /> this account</label>
        <label class="inline"><input type="radio" name="scope" checked={scope === 'system'} onChange={() => setScope('system')} /> the whole system (every account)</label>
      </fieldset>
      {risk.data ? (
        <p>
          Trading for this account is <StateBadge state={risk.data.tradingState.state} />
          {risk.data.tradingState.reasons?.length ? <span class="muted"> — {risk.data.tradingState.reasons.join('; ')}</span> : null}
        </p>
      ) : <Loading error={risk.error} />}
      <div class="actions">
        <ReasonAction label="Stop" run={(reason) => api.post('/api/system/control/stop', scoped(reason))} />
        <ReasonAction label="Reduce only" run={(reason) => api.post('/api/system/control/reduce-only', scoped(reason))} />
        <ReasonAction label="Resume" run={(reason) => api.post('/api/system/control/resume', scoped(reason))} />
        <ReasonAction label="Emergency stop" danger confirmText="EMERGENCY STOP"
          run={(reason) => api.post('/api/system/control/emergency-stop', { ...scoped(reason), closePositions: true })} />
      </div>
      <p class="muted">The emergency stop halts both paths at once, cancels entry orders and closes every position {scope === 'system' ? 'of every account' : 'of the account'}.</p>
    </Panel>
  );
}
