import { Context } from '@temporalio/activity';
import { badInput } from './broker/broker-failure';

/** The workflow run an activity works for: records and client order ids are tied to it. */
export function currentWorkflowExecution(): { workflowId: string; runId: string } {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw badInput('NO_WORKFLOW', 'this activity records on behalf of a workflow and was called outside one');
  return execution;
}

/** The workflow run and the activity (its id is the same on every retry of one scheduled activity). */
export function activityExecution(): { workflowId: string; runId: string; activityId: string } {
  return { ...currentWorkflowExecution(), activityId: Context.current().info.activityId };
}
