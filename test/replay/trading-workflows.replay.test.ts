import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type InjectedSinks, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { REPLAY_HISTORIES_DIR } from '../helpers/record-history';
import type { ScheduledActivitySinks } from './scheduled-activities-interceptor';

jest.setTimeout(120_000);

const recorded = readdirSync(REPLAY_HISTORIES_DIR).filter((name) => name.endsWith('.json')).sort();

interface ScheduledActivity {
  activityType: string;
  args: unknown[];
}

/** Activity arguments as they travel: JSON, so an absent field and an undefined one are the same. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

function recordedActivities(history: temporal.api.history.v1.IHistory): ScheduledActivity[] {
  return (history.events ?? []).flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) return [];
    const args = (scheduled.input?.payloads ?? []).map((payload) => asJson(defaultPayloadConverter.fromPayload(payload)));
    return [{ activityType: scheduled.activityType!.name!, args }];
  });
}

/**
 * Histories recorded (protobufjs JSON: enum names, longs as strings, bytes as base64) from the integration runs
 * (RECORD_REPLAY_HISTORIES=true) replayed against today's workflow code: a change that would make a running workflow
 * take a different path fails here, not in production. Temporal itself compares only which activities are
 * scheduled; this test also compares their arguments, so a change that would hand a recorded result to different
 * inputs (other trial parameters, say) fails too.
 */
describe('replay of recorded workflow histories', () => {
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      workflowInterceptorModules: [require.resolve('./scheduled-activities-interceptor')],
    });
  });

  it('has a history of each workflow, and of each patched path as it ran before its patch', () => {
    expect(recorded).toEqual(expect.arrayContaining([
      'analysis-to-trade-executed.json', 'analysis-to-trade-executed-before-one-activity-analysis.json', 'portfolio-rebalance-approved.json', 'portfolio-rebalance-approved-before-approval-audit.json', 'risk-monitor-records-fills.json', 'reconciler-settles-and-flags.json',
      'evolution-cycle-keep.json', 'evolution-cycle-keep-before-live-record.json', 'evolution-cycle-keep-linear-sampling.json',
      'evolution-cycle-keep-before-selection-holdout.json',
      'strategy-optimization-auto-deploy.json', 'strategy-optimization-auto-deploy-linear-sampling.json',
      'strategy-optimization-auto-deploy-before-sandbox-expectation.json', 'strategy-optimization-auto-deploy-before-final-holdout.json',
      'emergency-stop-flat.json', 'emergency-stop-flat-before-market-hours.json', 'emergency-stop-waits-for-market-open.json',
    ]));
  });

  it.each(recorded)('replays %s without nondeterminism, scheduling the recorded activities with the recorded arguments', async (file) => {
    const { workflowId, history: json } = JSON.parse(readFileSync(join(REPLAY_HISTORIES_DIR, file), 'utf8')) as { workflowId: string; history: unknown };
    // fromObject rather than historyFromJSON: under jest the latter meets a second protobufjs copy and throws.
    const history = temporal.api.history.v1.History.fromObject(json as Record<string, unknown>);
    const scheduled: ScheduledActivity[] = [];
    const sinks: InjectedSinks<ScheduledActivitySinks> = {
      scheduledActivities: { scheduled: { fn: (_info, activityType, args) => void scheduled.push({ activityType, args: args.map(asJson) }), callDuringReplay: true } },
    };
    await expect(Worker.runReplayHistory({ workflowBundle, sinks }, history, workflowId)).resolves.toBeUndefined();
    expect(scheduled).toEqual(recordedActivities(history));
  });
});
