import { ScheduleNotFoundError, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import { msToNumber } from '@temporalio/common';
import { z } from 'zod';
import { ensureSchedule } from '../../infra/orchestration/schedules';
import { EVOLUTION_CYCLE_WORKFLOW } from '../../workflows/definitions/evolution-cycle';
import { HEALTH_CHECK_WORKFLOW, type HealthCheckInput } from '../../workflows/definitions/health-check';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput } from '../../workflows/definitions/portfolio-rebalance';
import { STRATEGY_OPTIMIZATION_WORKFLOW } from '../../workflows/definitions/strategy-optimization';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';
import { text } from '../schemas/common';
import { parseOrThrow } from '../validation';
import { evolutionCycleRequest, strategyOptimizationRequest } from './research-requests';
import { portfolioRebalanceRequest } from './workflow-requests';

const MIN_EVERY_MS = 1_000;
const MAX_EVERY_MS = 366 * 86_400_000;
const DURATION = /^\d{1,9}[smh]$/;
const every = z.string().regex(DURATION, 'expected a duration such as 1m, 1h or 24h')
  .refine((value) => !DURATION.test(value) || (msToNumber(value) >= MIN_EVERY_MS && msToNumber(value) <= MAX_EVERY_MS), 'must be between 1s and 366 days');
const scheduleId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');
const scheduledWorkflows = [EVOLUTION_CYCLE_WORKFLOW, STRATEGY_OPTIMIZATION_WORKFLOW, PORTFOLIO_REBALANCE_WORKFLOW, HEALTH_CHECK_WORKFLOW] as const;
const createRequest = z.strictObject({
  scheduleId,
  every,
  workflowType: z.enum(scheduledWorkflows),
  /** The workflow's input, validated like its REST trigger's body. */
  input: z.unknown().default({}),
  note: z.string().trim().max(500).regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters').default(''),
});
const updateRequest = z.strictObject({ every: every.optional(), input: z.unknown().optional(), note: text(500).optional() });
const noteRequest = z.strictObject({ note: text(500).optional() }).default({});
const idPath = z.strictObject({ id: scheduleId });

const scheduleSummary = z.object({
  scheduleId: z.string(), workflowType: z.string().optional(), every: z.array(z.unknown()), paused: z.boolean(), note: z.string().optional(),
}).loose();
const notFound = { 404: { description: 'no schedule with this id' } };

function summary(id: string, description: ScheduleDescription) {
  const action = description.action.type === 'startWorkflow' ? description.action : undefined;
  return {
    scheduleId: id,
    workflowType: action?.workflowType,
    every: description.spec.intervals?.map((interval) => interval.every) ?? [],
    paused: description.state.paused,
    note: description.state.note,
    overlap: description.policies.overlap,
    nextActionTimes: description.info.nextActionTimes,
    recentActions: description.info.recentActions.map((result) => ({ scheduledAt: result.scheduledAt, takenAt: result.takenAt, workflowId: result.action.workflow.workflowId })),
    input: action?.args?.[0],
  };
}

/** Temporal Schedules over REST: list, create, update, pause/unpause, trigger now and delete. Overlapping runs are skipped. */
export function scheduleOperations({ config, temporal }: ApiDependencies): Operation[] {
  const { client } = temporal;

  /** The workflow's input after the same validation (and defaults) as its REST trigger, started by the schedule as `actor`. */
  function validatedInput(workflowType: (typeof scheduledWorkflows)[number], input: unknown, actor: string): unknown {
    switch (workflowType) {
      case EVOLUTION_CYCLE_WORKFLOW: return { ...parseOrThrow(evolutionCycleRequest, input, 'body'), requestedBy: actor };
      case STRATEGY_OPTIMIZATION_WORKFLOW: return { ...parseOrThrow(strategyOptimizationRequest, input, 'body'), requestedBy: actor };
      case PORTFOLIO_REBALANCE_WORKFLOW: {
        const body = parseOrThrow(portfolioRebalanceRequest, input, 'body');
        return {
          ...body, requestedBy: actor, approvalThresholdUsd: config.REBALANCE_APPROVAL_NOTIONAL_USD, approvalTimeoutMs: body.approvalTimeoutMs ?? config.REBALANCE_APPROVAL_TIMEOUT_MS,
        } satisfies PortfolioRebalanceInput;
      }
      case HEALTH_CHECK_WORKFLOW: return { trigger: 'schedule', requestedBy: actor } satisfies HealthCheckInput;
    }
  }

  async function existing(id: string): Promise<{ handle: ScheduleHandle; description: ScheduleDescription }> {
    const handle = client.schedule.getHandle(id);
    try {
      return { handle, description: await handle.describe() };
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw new HttpError(404, `no schedule with id ${id}`);
      throw error;
    }
  }

  const pauseOrUnpause = (action: 'pause' | 'unpause') => operation({
    method: 'post', path: `/api/schedules/:id/${action}`, operationId: `${action}Schedule`, tag: 'schedules', access: 'admin',
    summary: `${action === 'pause' ? 'Pauses' : 'Unpauses'} a schedule, with a note.`, params: idPath, body: noteRequest,
    responses: { 200: { description: `${action}d`, schema: scheduleSummary }, ...notFound },
    async handle({ params, body, identity }, response) {
      const { handle } = await existing(params.id);
      const why = `${action}d by ${identity.name}${body.note ? `: ${body.note}` : ''}`;
      await (action === 'pause' ? handle.pause(why) : handle.unpause(why));
      response.json(summary(params.id, await handle.describe()));
    },
  });

  return [
    operation({
      method: 'get', path: '/api/schedules', operationId: 'listSchedules', tag: 'schedules', access: 'viewer',
      summary: 'Every Temporal Schedule: its workflow, interval, state, next and recent runs.',
      responses: { 200: { description: 'the schedules', schema: z.object({ schedules: z.array(scheduleSummary) }) } },
      async handle(_input, response) {
        const schedules = [];
        for await (const listed of client.schedule.list()) schedules.push(summary(listed.scheduleId, await client.schedule.getHandle(listed.scheduleId).describe()));
        response.json({ schedules });
      },
    }),
    operation({
      method: 'get', path: '/api/schedules/:id', operationId: 'getSchedule', tag: 'schedules', access: 'viewer', summary: 'One schedule.',
      params: idPath, responses: { 200: { description: 'the schedule', schema: scheduleSummary }, ...notFound },
      async handle({ params }, response) {
        response.json(summary(params.id, (await existing(params.id)).description));
      },
    }),
    operation({
      method: 'post', path: '/api/schedules', operationId: 'createSchedule', tag: 'schedules', access: 'admin',
      summary: 'Creates a schedule of one of the scheduled workflows; its input is validated like the workflow\'s REST trigger.',
      body: createRequest,
      responses: { 201: { description: 'created', schema: scheduleSummary }, 409: { description: 'a schedule with this id exists' } },
      async handle({ body, identity }, response) {
        const input = validatedInput(body.workflowType, body.input, identity.name);
        const found = await client.schedule.getHandle(body.scheduleId).describe().then(() => true, (error: unknown) => {
          if (error instanceof ScheduleNotFoundError) return false;
          throw error;
        });
        if (found) throw new HttpError(409, `a schedule with id ${body.scheduleId} already exists; PUT /api/schedules/${body.scheduleId} changes it`);
        await ensureSchedule(client, { scheduleId: body.scheduleId, every: body.every, workflowType: body.workflowType, taskQueue: config.TEMPORAL_TASK_QUEUE, args: [input], note: body.note || `created by ${identity.name}` });
        response.status(201).json(summary(body.scheduleId, (await existing(body.scheduleId)).description));
      },
    }),
    operation({
      method: 'put', path: '/api/schedules/:id', operationId: 'updateSchedule', tag: 'schedules', access: 'admin',
      summary: 'Changes a schedule\'s interval, input or note.', params: idPath, body: updateRequest,
      responses: { 200: { description: 'updated', schema: scheduleSummary }, ...notFound, 409: { description: 'the schedule starts a workflow whose input this api cannot validate' } },
      async handle({ params, body, identity }, response) {
        const { handle, description } = await existing(params.id);
        const workflowType = description.action.type === 'startWorkflow' ? description.action.workflowType : undefined;
        const known = scheduledWorkflows.find((type) => type === workflowType);
        if (body.input !== undefined && !known) throw new HttpError(409, `schedule ${params.id} starts ${workflowType ?? 'no workflow'}, whose input this api cannot validate`);
        const input = body.input === undefined ? undefined : validatedInput(known!, body.input, identity.name);
        await handle.update((previous) => ({
          ...previous,
          ...(body.every && { spec: { ...previous.spec, intervals: [{ every: body.every }] } }),
          ...(input !== undefined && previous.action.type === 'startWorkflow' && { action: { ...previous.action, args: [input] } }),
          ...(body.note !== undefined && { state: { ...previous.state, note: body.note } }),
        }));
        response.json(summary(params.id, await handle.describe()));
      },
    }),
    pauseOrUnpause('pause'),
    pauseOrUnpause('unpause'),
    operation({
      method: 'post', path: '/api/schedules/:id/trigger', operationId: 'triggerSchedule', tag: 'schedules', access: 'trader',
      summary: 'Runs the schedule\'s action now; with a run still going, its overlap policy (skip) applies.', params: idPath,
      responses: { 202: { description: 'triggered', schema: z.object({ scheduleId: z.string(), triggered: z.boolean() }) }, ...notFound },
      async handle({ params }, response) {
        const { handle } = await existing(params.id);
        await handle.trigger();
        response.status(202).json({ scheduleId: params.id, triggered: true });
      },
    }),
    operation({
      method: 'delete', path: '/api/schedules/:id', operationId: 'deleteSchedule', tag: 'schedules', access: 'admin', summary: 'Deletes a schedule.',
      params: idPath, responses: { 204: { description: 'deleted' }, ...notFound },
      async handle({ params }, response) {
        const { handle } = await existing(params.id);
        await handle.delete();
        response.status(204).end();
      },
    }),
  ];
}
