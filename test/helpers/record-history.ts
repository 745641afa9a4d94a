import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';

export const REPLAY_HISTORIES_DIR = join(__dirname, '..', 'replay', 'histories');

/**
 * With RECORD_REPLAY_HISTORIES=true, saves a finished run's history for the replay tests (test/replay/), named by
 * the scenario rather than the run so a re-recording replaces the old file.
 */
export async function maybeRecordHistory(client: Client, workflowId: string, scenario: string): Promise<void> {
  if (process.env.RECORD_REPLAY_HISTORIES !== 'true') return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  await writeFile(join(REPLAY_HISTORIES_DIR, `${scenario}.json`), `${JSON.stringify({ workflowId, history }, null, 1)}\n`);
}
