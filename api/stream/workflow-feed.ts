import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../infra/logging';
import type { ListedRun } from '../workflow-runs';
import type { EventHub } from './event-hub';

/** How often the visibility store is read: a stage that lasts less than this may never be seen. */
const READ_EVERY_MS = 3_000;
const RUNNING_READ = 50;
const CLOSED_READ = 20;
const READ_DEADLINE_MS = 5_000;

/**
 * `workflow` stream events: a run's status or stage as it changes (started, each stage, completed, failed, ...),
 * with its Web UI link. One read of Temporal's visibility store for the whole api process, whatever the number of
 * clients; the first read only learns the runs that started before the feed, so a restarted api does not announce
 * old runs again.
 */
export async function feedWorkflowRuns(
  { listRuns, temporalAnswers, hub, logger }: {
    listRuns: (query: string, limit: number, deadlineMs?: number) => Promise<ListedRun[]>;
    /** A bounded probe: while Temporal does not answer, the feed does not read (and leaves no retry behind). */
    temporalAnswers: () => Promise<boolean>;
    hub: EventHub;
    logger: Logger;
  },
  signal: AbortSignal,
): Promise<void> {
  const published = new Map<string, string>();
  const startedAtMs = Date.now();
  let learning = true;
  while (!signal.aborted) {
    try {
      // Probed before every read, not only after a failure: a read that meets a Temporal gone down since the last one
      // sits in the client's retries, and one left behind at shutdown crashes the process on the closed connection.
      if (!(await temporalAnswers())) {
        await sleep(READ_EVERY_MS, undefined, { signal }).catch(() => undefined);
        continue;
      }
      // The client retries an unreachable Temporal until the read's deadline: a shutdown waits at most that long, and
      // no retry is left to fire on a closed connection (which would crash the process).
      const deadline = Date.now() + READ_DEADLINE_MS;
      const [running, closed] = await Promise.all([
        listRuns(`ExecutionStatus = 'Running'`, RUNNING_READ, deadline),
        listRuns(`ExecutionStatus != 'Running'`, CLOSED_READ, deadline),
      ]);
      for (const run of [...running, ...closed]) {
        const fingerprint = `${run.status}/${run.stage ?? ''}`;
        if (published.get(run.runId) === fingerprint) continue;
        published.set(run.runId, fingerprint);
        // The first read announces only runs started since the feed began (news it might otherwise learn silently).
        if (!learning || Date.parse(run.startTime) >= startedAtMs) hub.publish('workflow', run);
      }
      // Closed runs that fell off the read are not seen again: forget them.
      const current = new Set([...running, ...closed].map((run) => run.runId));
      for (const runId of published.keys()) if (!current.has(runId)) published.delete(runId);
      learning = false;
    } catch (error) {
      if (signal.aborted) return;
      logger.warn({ err: error }, 'could not read the workflow runs for the stream');
    }
    await sleep(READ_EVERY_MS, undefined, { signal }).catch(() => undefined);
  }
}
