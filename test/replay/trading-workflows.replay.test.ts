import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { REPLAY_HISTORIES_DIR } from '../helpers/record-history';

jest.setTimeout(120_000);

const recorded = readdirSync(REPLAY_HISTORIES_DIR).filter((name) => name.endsWith('.json')).sort();

/**
 * Histories recorded (protobufjs JSON: enum names, longs as strings, bytes as base64) from the integration runs (RECORD_REPLAY_HISTORIES=true) replayed against today's workflow
 * code: a change that would make a running workflow take a different path fails here, not in production.
 */
describe('replay of recorded trading workflow histories', () => {
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
  });

  it('has histories of both trading workflows to replay', () => {
    expect(recorded).toEqual(expect.arrayContaining(['analysis-to-trade-executed.json', 'portfolio-rebalance-approved.json']));
  });

  it.each(recorded)('replays %s without nondeterminism', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(join(REPLAY_HISTORIES_DIR, file), 'utf8')) as { workflowId: string; history: unknown };
    // fromObject rather than historyFromJSON: under jest the latter meets a second protobufjs copy and throws.
    await expect(Worker.runReplayHistory({ workflowBundle }, temporal.api.history.v1.History.fromObject(history as Record<string, unknown>), workflowId)).resolves.toBeUndefined();
  });
});
