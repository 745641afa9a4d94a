import { Loading, Panel, ReasonAction, WebUiLink } from '../components';
import { formatMoney, formatTime, formatUnits } from '../format';
import { useLive, useResource } from '../live';

interface Run { workflowId: string; runId: string; type: string; status: string; startTime: string; closeTime: string | null; webUiUrl: string; stage: string | null }
interface Approval {
  workflowId: string; webUiUrl: string; startedAt: string; accountId: string | null; deadline: string | null;
  totalNotionalUsd: number; approvalThresholdUsd: number; targetWeights: Record<string, number>;
  orders: Array<{ instrument: string; units: number; notionalUsd: number; reducing: boolean; reason: string; status: string }>;
}

function RunTable({ runs, caption }: { runs: Run[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead><tr><th>Workflow</th><th>Type</th><th>Status</th><th>Stage</th><th>Started</th><th /></tr></thead>
      <tbody>
        {runs.length === 0 && <tr><td colSpan={6} class="muted">None.</td></tr>}
        {runs.map((run) => (
          <tr key={run.runId} data-workflow-id={run.workflowId}>
            <td class="ellipsis" title={run.workflowId}>{run.workflowId}</td><td>{run.type}</td><td>{run.status}</td><td>{run.stage ?? '—'}</td>
            <td>{formatTime(run.startTime)}</td><td><WebUiLink url={run.webUiUrl} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Running workflows with their stage, and the latest closed ones, each with its Web UI link. */
export function Workflows() {
  const runs = useResource<{ running: Run[]; recent: Run[] }>('/api/workflows?limit=10', { refreshOn: ['workflow'], everyMs: 30_000 });
  return (
    <Panel title="Workflows" id="workflows" wide>
      {!runs.data ? <Loading error={runs.error} /> : (
        <>
          <RunTable runs={runs.data.running} caption="Running" />
          <RunTable runs={runs.data.recent} caption="Recent" />
        </>
      )}
    </Panel>
  );
}

/** Rebalances waiting for a decision: what they would trade, and approve or reject as the signed-in identity. */
export function Approvals() {
  const { api } = useLive();
  const approvals = useResource<{ items: Approval[] }>('/api/approvals', { refreshOn: ['audit', 'workflow'], everyMs: 30_000 });
  const decide = (workflowId: string, decision: 'approve' | 'reject', reason: string) =>
    api.post(`/api/workflows/${encodeURIComponent(workflowId)}/signals/${decision}`, reason ? { reason } : {}).then(approvals.reload);
  return (
    <Panel title="Pending approvals" id="approvals" wide>
      {!approvals.data ? <Loading error={approvals.error} /> : approvals.data.items.length === 0 ? <p class="muted">Nothing waits for approval.</p> : (
        approvals.data.items.map((approval) => (
          <article key={approval.workflowId} class="approval" data-workflow-id={approval.workflowId} aria-label={`approval ${approval.workflowId}`}>
            <h3>{approval.workflowId} <WebUiLink url={approval.webUiUrl} /></h3>
            <p>
              Account {approval.accountId ?? '—'} · notional {formatMoney(approval.totalNotionalUsd)} USD (approval above {formatMoney(approval.approvalThresholdUsd)})
              · decide by {formatTime(approval.deadline)}
            </p>
            <table>
              <thead><tr><th>Instrument</th><th class="number">Units</th><th class="number">Notional USD</th><th>Reducing</th><th>Why</th><th>Status</th></tr></thead>
              <tbody>
                {approval.orders.map((order, index) => (
                  <tr key={`${index}-${order.instrument}`}>
                    <td>{order.instrument}</td><td class="number">{formatUnits(order.units)}</td><td class="number">{formatMoney(order.notionalUsd)}</td>
                    <td>{order.reducing ? 'yes' : 'no'}</td><td>{order.reason}</td><td>{order.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="actions">
              <ReasonAction label="Approve" reasonRequired={false} run={(reason) => decide(approval.workflowId, 'approve', reason)} />
              <ReasonAction label="Reject" reasonRequired={false} danger run={(reason) => decide(approval.workflowId, 'reject', reason)} />
            </div>
          </article>
        ))
      )}
    </Panel>
  );
}
