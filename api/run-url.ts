import { workflowRunUrl } from '../infra/orchestration/temporal-client';
import type { ApiDependencies } from './dependencies';

/** The link to a run in the Temporal Web UI, as every answer about a run carries it. */
export function runUrlOf({ config, temporal }: Pick<ApiDependencies, 'config' | 'temporal'>): (workflowId: string, runId: string) => string {
  return (workflowId, runId) => workflowRunUrl(config.TEMPORAL_UI_URL, temporal.namespace, workflowId, runId);
}
