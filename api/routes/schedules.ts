import { ScheduleNotFoundError, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { ensureSchedule } from '../../infra/orchestration/schedules';
import { EVOLUTION_CYCLE_WORKFLOW } from '../../workflows/definitions/evolution-cycle';
import { HEALTH_CHECK_WORKFLOW, type HealthCheckInput } from '../../workflows/definitions/health-check';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput } from '../../workflows/definitions/portfolio-rebalance';
import { STRATEGY_OPTIMIZATION_WORKFLOW } from '../../workflows/definitions/strategy-optimization';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { parseOrThrow } from '../validation';
import { evolutionCycleRequest, strategyOptimizationRequest } from './research-requests';
import { portfolioRebalanceRequest } from './workflow-requests';

const every = z.string().regex(/^\d+[smh]$/, 'expected a duration such as 1m, 1h or 24h');
const scheduleId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');
const scheduledWorkflows = [EVOLUTION_CYCLE_WORKFLOW, STRATEGY_OPTIMIZATION_WORKFLOW, PORTFOLIO_REBALANCE_WORKFLOW, HEALTH_CHECK_WORKFLOW] as const;
const createRequest = z.strictObject({
  scheduleId,
  every,
  workflowType: z.enum(scheduledWorkflows),
  /** The workflow's input, validated like its REST trigger's body. */
  input: z.unknown().default({}),
  note: z.string().trim().max(500).default(''),
});
const updateRequest = z.strictObject({ every: every.optional(), input: z.unknown().optional(), note: z.string().trim().max(500).optional() });
const noteRequest = z.strictObject({ note: z.string().trim().min(1).max(500).optional() }).default({});
const idPath = z.object({ id: scheduleId });

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
export function scheduleRoutes({ config, temporal }: ApiDependencies): Router {
  const router = Router();
  const { client } = temporal;

  /** The workflow's input after the same validation (and defaults) as its REST trigger. */
  function validatedInput(workflowType: (typeof scheduledWorkflows)[number], input: unknown): unknown {
    switch (workflowType) {
      case EVOLUTION_CYCLE_WORKFLOW: return parseOrThrow(evolutionCycleRequest, input, 'body');
      case STRATEGY_OPTIMIZATION_WORKFLOW: return parseOrThrow(strategyOptimizationRequest, input, 'body');
      case PORTFOLIO_REBALANCE_WORKFLOW: {
        const body = parseOrThrow(portfolioRebalanceRequest, input, 'body');
        return {
          ...body, approvalThresholdUsd: config.REBALANCE_APPROVAL_NOTIONAL_USD, approvalTimeoutMs: body.approvalTimeoutMs ?? config.REBALANCE_APPROVAL_TIMEOUT_MS,
        } satisfies PortfolioRebalanceInput;
      }
      case HEALTH_CHECK_WORKFLOW: return { trigger: 'schedule' } satisfies HealthCheckInput;
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

  router.get('/api/schedules', async (_request, response) => {
    const schedules = [];
    for await (const listed of client.schedule.list()) schedules.push(summary(listed.scheduleId, await client.schedule.getHandle(listed.scheduleId).describe()));
    response.json({ schedules });
  });

  router.get('/api/schedules/:id', async (request, response) => {
    const { id } = parseOrThrow(idPath, request.params, 'params');
    response.json(summary(id, (await existing(id)).description));
  });

  router.post('/api/schedules', async (request, response) => {
    const body = parseOrThrow(createRequest, request.body ?? {}, 'body');
    const input = validatedInput(body.workflowType, body.input);
    const found = await client.schedule.getHandle(body.scheduleId).describe().then(() => true, (error: unknown) => {
      if (error instanceof ScheduleNotFoundError) return false;
      throw error;
    });
    if (found) throw new HttpError(409, `a schedule with id ${body.scheduleId} already exists; PUT /api/schedules/${body.scheduleId} changes it`);
    await ensureSchedule(client, { scheduleId: body.scheduleId, every: body.every, workflowType: body.workflowType, taskQueue: config.TEMPORAL_TASK_QUEUE, args: [input], note: body.note });
    response.status(201).json(summary(body.scheduleId, (await existing(body.scheduleId)).description));
  });

  router.put('/api/schedules/:id', async (request, response) => {
    const { id } = parseOrThrow(idPath, request.params, 'params');
    const body = parseOrThrow(updateRequest, request.body ?? {}, 'body');
    const { handle, description } = await existing(id);
    const workflowType = description.action.type === 'startWorkflow' ? description.action.workflowType : undefined;
    const known = scheduledWorkflows.find((type) => type === workflowType);
    if (body.input !== undefined && !known) throw new HttpError(409, `schedule ${id} starts ${workflowType ?? 'no workflow'}, whose input this api cannot validate`);
    const input = body.input === undefined ? undefined : validatedInput(known!, body.input);
    await handle.update((previous) => ({
      ...previous,
      ...(body.every && { spec: { ...previous.spec, intervals: [{ every: body.every }] } }),
      ...(input !== undefined && previous.action.type === 'startWorkflow' && { action: { ...previous.action, args: [input] } }),
      ...(body.note !== undefined && { state: { ...previous.state, note: body.note } }),
    }));
    response.json(summary(id, await handle.describe()));
  });

  router.post('/api/schedules/:id/pause', async (request, response) => {
    const { id } = parseOrThrow(idPath, request.params, 'params');
    const { note } = parseOrThrow(noteRequest, request.body ?? {}, 'body');
    const { handle } = await existing(id);
    await handle.pause(note ?? 'paused over REST');
    response.json(summary(id, await handle.describe()));
  });

  router.post('/api/schedules/:id/unpause', async (request, response) => {
    const { id } = parseOrThrow(idPath, request.params, 'params');
    const { note } = parseOrThrow(noteRequest, request.body ?? {}, 'body');
    const { handle } = await existing(id);
    await handle.unpause(note ?? 'unpaused over REST');
    response.json(summary(id, await handle.describe()));
  });

  /** Runs the action now; with a run still going, the schedule's overlap policy (skip) applies. */
  router.post('/api/schedules/:id/trigger', async (request, response) => {
    const { id } = parseOrThrow(idPath, request.params, 'params');
    const { handle } = await existing(id);
    await handle.trigger();
    response.status(202).json({ scheduleId: id, triggered: true });
  });

  router.delete('/api/schedules/:id', async (request, response) => {
    const { id } = parseOrThrow(idPath, request.params, 'params');
    const { handle } = await existing(id);
    await handle.delete();
    response.status(204).end();
  });

  return router;
}
