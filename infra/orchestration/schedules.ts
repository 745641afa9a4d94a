import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsAction } from '@temporalio/client';

export interface ScheduleDefinition {
  scheduleId: string;
  /** A Temporal duration such as '1m' or '1h'. */
  every: string;
  workflowType: string;
  taskQueue: string;
  args: unknown[];
  note: string;
}

export type EnsureOutcome = 'created' | 'updated';

/**
 * Creates the schedule, or brings an existing one with the same id up to the definition: starting a worker twice
 * never makes a second schedule, and a changed interval in configuration takes effect on the next start.
 * Overlapping runs are skipped: a slow run is never stacked on by the next one.
 */
export async function ensureSchedule(client: Client, definition: ScheduleDefinition): Promise<EnsureOutcome> {
  const spec = { intervals: [{ every: definition.every }] };
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow',
    workflowType: definition.workflowType,
    taskQueue: definition.taskQueue,
    args: definition.args,
    workflowId: `${definition.scheduleId}-run`,
  };
  try {
    await client.schedule.create({
      scheduleId: definition.scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      state: { note: definition.note },
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(definition.scheduleId).update((previous) => ({
      ...previous,
      spec,
      action,
      policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP },
    }));
    return 'updated';
  }
}
