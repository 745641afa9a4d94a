import type { InjectedSinks } from '@temporalio/worker';
import { Counter, type Registry } from 'prom-client';
import { WORKFLOW_OUTCOMES, WORKFLOW_TYPES, type WorkflowOutcomeSinks } from '../../workflows/definitions/workflow-outcomes';

/** The worker's side of workflows/outcome-interceptor.ts: `workflow_outcomes_total{workflow_type, outcome}`. */
export function workflowOutcomeSinks(registry: Registry): InjectedSinks<WorkflowOutcomeSinks> {
  const outcomes = new Counter({
    name: 'workflow_outcomes_total', help: 'Workflow runs that ended on this worker, by type and outcome (continued_as_new: a long-running workflow rolled over)',
    labelNames: ['workflow_type', 'outcome'], registers: [registry],
  });
  for (const workflowType of WORKFLOW_TYPES) for (const outcome of WORKFLOW_OUTCOMES) outcomes.inc({ workflow_type: workflowType, outcome }, 0);
  return {
    outcomes: {
      record: { fn: (info, outcome) => outcomes.inc({ workflow_type: info.workflowType, outcome }), callDuringReplay: false },
    },
  };
}
